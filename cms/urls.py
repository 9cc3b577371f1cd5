from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.utils.functional import lazy
from django.views.decorators.cache import cache_control
from django.views.generic import RedirectView, TemplateView
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.documents.views import serve as wagtaildocs_serve

from cms import documents, page_cache, views
from cms.password_throttle import throttle_password_guesses
from cms.plugins import plugin_urlpatterns
from cms.sitemap import MultilingualSitemap

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's password forms for restricted pages and collections, throttled (the same
    # paths and names, placed before Wagtail's own so they answer first).
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        throttle_password_guesses(wagtaildocs_serve.authenticate_with_password),
        name="wagtaildocs_authenticate_with_password",
    ),
    # Old links to a replaced public document redirect to its new file name (cms.documents).
    path(
        "documents/<int:document_id>/<str:document_filename>",
        documents.serve,
        name="cms_document_serve",
    ),
    path("documents/", include(wagtaildocs_urls)),
    path(
        "sitemap.xml",
        page_cache.cacheable(sitemap, depends_on=[page_cache.ANY_PAGE]),
        {"sitemaps": {"pages": MultilingualSitemap}},
        name="sitemap",
    ),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots_txt",
    ),
    # Browsers ask for /favicon.ico whatever the page says. A temporary redirect, cached for
    # a day: the static file's hashed name changes with each deploy in production. Lazy, so
    # the manifest is read on the first request, not at import.
    path(
        "favicon.ico",
        cache_control(max_age=86400, public=True)(
            RedirectView.as_view(url=lazy(static, str)("favicon.ico"))
        ),
        name="favicon",
    ),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Public pages: English at the root, Welsh under /cy/. Plugin urls come before Wagtail's
# page serving, which takes every path that is left.
urlpatterns += i18n_patterns(
    *plugin_urlpatterns(),
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        throttle_password_guesses(wagtail_views.authenticate_with_password),
        name="wagtailcore_authenticate_with_password",
    ),
    # Wagtail's page serving with the language fallback of cms.views.serve (Wagtail's own
    # pattern, leaving its /_util/ views to the urls included after it).
    re_path(r"^(?!_util/)((?:[\w\-]+/)*)$", views.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
