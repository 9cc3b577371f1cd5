"""Admin for services: none of their own. A service is a page in the tree (Hope Street
sits under the home page); its fields say in their help what editors need to know."""
