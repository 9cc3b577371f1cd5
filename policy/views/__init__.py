"""The workspace's own admin views (dashboard, history, exports, ...), one module per area.
Each module offers ``urlpatterns``; ``policy.wagtail_hooks`` mounts them under
``/admin/policy/`` with the ``policy`` namespace."""
