"""schema.org structured data (JSON-LD) for a service page: a Service provided by the
charity, with its audience and how to reach it.

https://schema.org/Service
"""

from cms.jsonld import organisation

AREA_SERVED = "England and Wales"


def service_data(page, request):
    """The schema.org Service for a ServicePage, as a dict ready for JSON."""
    url = page.get_full_url(request)
    data = {
        "@context": "https://schema.org",
        "@type": "Service",
        "name": page.title,
        "url": url,
        "provider": organisation(request),
        "areaServed": AREA_SERVED,
    }
    description = page.get_meta_description()
    if description:
        data["description"] = description
    channel = {"@type": "ServiceChannel", "serviceUrl": page.referral_url or url}
    if page.contact_phone or page.referral_phone:
        channel["servicePhone"] = {
            "@type": "ContactPoint",
            "telephone": page.contact_phone or page.referral_phone,
        }
    data["availableChannel"] = channel
    if page.contact_email or page.referral_email:
        data["provider"]["email"] = page.contact_email or page.referral_email
    return data
