"""StreamField blocks of a consultation's body. Each renders with its own small template."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock

BODY_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class FigureBlock(blocks.StructBlock):
    """An image with its alt text (or marked decorative) and an optional caption."""

    image = ImageBlock()
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "consultations/blocks/figure.html"


class DocumentBlock(blocks.StructBlock):
    """A downloadable document (plan, study, budget) with a short description."""

    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(
        label=_("link text"), required=False, help_text=_("Defaults to the document's title.")
    )
    description = blocks.TextBlock(label=_("description"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("Document")
        template = "consultations/blocks/document.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("quote"))
    attribution = blocks.CharBlock(label=_("attribution"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "consultations/blocks/quote.html"


class FactBoxBlock(blocks.StructBlock):
    """Key figures or facts set apart from the text."""

    heading = blocks.CharBlock(label=_("heading"), max_length=120)
    text = blocks.RichTextBlock(label=_("text"), features=["bold", "italic", "ul", "link"])

    class Meta:
        icon = "info-circle"
        label = _("Fact box")
        template = "consultations/blocks/fact_box.html"


class VideoLinkBlock(blocks.StructBlock):
    """A link to a video hosted elsewhere. Shown as a link: no third-party player or tracking."""

    url = blocks.URLBlock(label=_("video address"))
    title = blocks.CharBlock(label=_("title"), max_length=200)
    transcript = blocks.TextBlock(
        label=_("transcript or summary"),
        required=False,
        help_text=_("For people who cannot watch or hear the video."),
    )

    class Meta:
        icon = "media"
        label = _("Video link")
        template = "consultations/blocks/video_link.html"


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("question"), max_length=250)
    answer = blocks.RichTextBlock(label=_("answer"), features=["bold", "italic", "ul", "link"])


class FaqBlock(blocks.StructBlock):
    heading = blocks.CharBlock(
        label=_("heading"), required=False, default=_("Frequently asked questions")
    )
    questions = blocks.ListBlock(QuestionBlock(), label=_("questions"), min_num=1)

    class Meta:
        icon = "help"
        label = _("Questions and answers")
        template = "consultations/blocks/faq.html"


class ConsultationBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label=_("Text"), features=BODY_FEATURES, template="consultations/blocks/paragraph.html"
    )
    image = FigureBlock()
    document = DocumentBlock()
    quote = QuoteBlock()
    fact_box = FactBoxBlock()
    video = VideoLinkBlock()
    faq = FaqBlock()
