"""The sitemap: every live public page of the site in every language, each with hreflang
alternates naming its translations, as search engines ask of multilingual sites."""

from collections import defaultdict

from django.conf import settings
from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from cms.privacy import public_pages


class MultilingualSitemap(Sitemap):
    def _trees(self):
        """Pages under the site's home page or any of its translations (the Welsh home
        page is the English one's sibling, not its descendant)."""
        trees = Q()
        for root in self.get_wagtail_site().root_page.get_translations(inclusive=True):
            trees |= Q(path__startswith=root.path)
        return trees

    def items(self):
        return (
            public_pages(Page.objects.filter(self._trees()).live())
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

    def _urls(self, page, protocol, domain):
        """Wagtail's entries for the pages of this sitemap page, with their alternates."""
        pages = list(self.paginator.page(page).object_list)
        versions = self._versions({item.translation_key for item in pages})
        urls = []
        for item in pages:
            alternates = versions.get(item.translation_key, [])
            for url_info in item.get_sitemap_urls(self.request):
                if len(alternates) > 2:  # the page and x-default alone name no translation
                    url_info.setdefault("alternates", alternates)
                urls.append(url_info)
        last_mods = {url_info.get("lastmod") for url_info in urls}
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls

    def _versions(self, keys):
        """{translation key: [{lang_code, location}, ...]}, with x-default naming the
        default language's version, in one query."""
        versions = defaultdict(list)
        pages = (
            public_pages(Page.objects.filter(self._trees(), translation_key__in=keys).live())
            .select_related("locale")
            .only("url_path", "translation_key", "locale__language_code", "depth", "path")
        )
        for version in pages:
            location = version.get_full_url(self.request)
            if location is None:
                continue
            code = version.locale.language_code
            versions[version.translation_key].append({"lang_code": code, "location": location})
            if code == settings.LANGUAGE_CODE:
                versions[version.translation_key].append(
                    {"lang_code": "x-default", "location": location}
                )
        return versions
