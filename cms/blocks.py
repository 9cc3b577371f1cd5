"""StreamField blocks shared by every plugin's pages."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "h2", "h3", "h4", "ol", "ul", "link", "document-link"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("text"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("level"),
        choices=[("h2", _("Heading 2")), ("h3", _("Heading 3")), ("h4", _("Heading 4"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        template = "blocks/heading.html"
        label = _("Heading")


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("quote"))
    attribution = blocks.CharBlock(label=_("attribution"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "blocks/quote.html"
        label = _("Quote")


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=300)

    class Meta:
        icon = "image"
        template = "blocks/image.html"
        label = _("Image")


class LinkBlock(blocks.StructBlock):
    """A link to a page on this site or to another site."""

    page = blocks.PageChooserBlock(label=_("page"), required=False)
    url = blocks.URLBlock(label=_("or an external link"), required=False)

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "url": blocks.BlockValidationError(
                        _("Choose a page or enter an external link, not both.")
                    )
                }
            )
        return value

    class Meta:
        icon = "link"


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), max_length=200)
    text = blocks.TextBlock(label=_("text"), required=False)
    button_text = blocks.CharBlock(label=_("button text"), max_length=60)
    link = LinkBlock(label=_("link"))

    class Meta:
        icon = "pick"
        template = "blocks/call_to_action.html"
        label = _("Call to action")


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(
        label=_("link text"),
        required=False,
        max_length=200,
        help_text=_("Leave empty to use the document title."),
    )

    class Meta:
        icon = "doc-full"
        template = "blocks/document_link.html"
        label = _("Document link")


class DonationBlock(blocks.StaticBlock):
    """The donation appeal written once in the site settings, placed where editors want it."""

    class Meta:
        icon = "pick"
        label = _("Donation appeal")
        admin_text = _(
            "Shows the donation appeal from Settings > Site settings (heading, text and the "
            "donation link). Nothing shows while no donation page or link is set there."
        )
        template = "blocks/donation.html"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"), features=RICH_TEXT_FEATURES, template="blocks/paragraph.html"
    )
    quote = QuoteBlock()
    image = CaptionedImageBlock()
    call_to_action = CallToActionBlock()
    document = DocumentLinkBlock()
    donation = DonationBlock()
    embed = EmbedBlock(label=_("Embedded media"), icon="media", template="blocks/embed.html")


def stream_plain_text(stream_value) -> str:
    """The words in a StreamField value (headings, paragraphs, quotes, captions), as plain
    text: without markup, and with entities decoded ("&amp;" in rich text is "&"), since
    whoever shows it escapes it; for search snippets."""
    # Wagtail's own: strips tags, keeps words of separate paragraphs apart, decodes entities.
    from wagtail.rich_text import get_text_for_indexing

    texts: list[str] = []

    def collect(value):
        if isinstance(value, str):
            texts.append(get_text_for_indexing(value))
        elif isinstance(value, dict):
            for key, item in value.items():
                if key not in {"level", "url", "page", "image", "document", "link"}:
                    collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    for block in stream_value.raw_data:
        collect(block.get("value"))
    return " ".join(" ".join(texts).split())
