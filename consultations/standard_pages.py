"""First text of the privacy notice and the accessibility statement, in both languages.

Editors change it in the Wagtail admin; `site_structure` only creates the pages when they
are missing. Persian text is written for Persian readers, not transliterated.
"""

# ruff: noqa: E501, RUF001 (long paragraphs; Persian punctuation)

from django.conf import settings


def _privacy_en(days: int) -> list[dict]:
    return [
        {
            "type": "paragraph",
            "value": (
                "<h2>What we hold about you</h2>"
                "<ul>"
                "<li>Your e-mail address, to sign you in and to send the notifications you chose. It is never shown to anyone and never published in open data.</li>"
                "<li>Your public display name, shown beside what you publish. It need not be your real name.</li>"
                "<li>What you publish: proposals (with each earlier version), comments, reports and appeals.</li>"
                "<li>Your supports, with the time each was given. Open data shows each support only with a voter token, a keyed code that cannot be traced back to you or linked across consultations.</li>"
                "<li>The proposals and consultations you follow, your notifications, your language and notification choices, and when you accepted the terms.</li>"
                "<li>If a consultation requires it: that you are a verified resident, never your census details.</li>"
                "</ul>"
                "<h2>Why</h2>"
                "<p>To run public consultations: to let you take part, to count supports exactly and only once per person, to moderate, and to answer in the open.</p>"
                "<h2>How long</h2>"
                f"<p>Sign-ups whose e-mail address is not confirmed are erased after {days} days. Everything else is kept until you delete your account.</p>"
                "<h2>Your rights</h2>"
                '<p>On <a href="/en/profile/">your profile</a> you can download everything we hold about you, as a JSON file, and delete your account. Deleting erases your e-mail addresses, name, profile, notifications and follows. What you published stays, shown as written by “deleted account”, and your supports stay counted without any link to you.</p>'
                '<p>What you publish is released under the content licence of the site, as the <a href="/en/terms/">terms of use</a> explain.</p>'
            ),
        }
    ]


def _privacy_fa(days: int) -> list[dict]:
    return [
        {
            "type": "paragraph",
            "value": (
                "<h2>چه اطلاعاتی از شما نگه می‌داریم</h2>"
                "<ul>"
                "<li>نشانی ایمیل شما، برای ورود و فرستادن اعلان‌هایی که خودتان انتخاب کرده‌اید. این نشانی هرگز به کسی نشان داده نمی‌شود و در داده‌های باز منتشر نمی‌شود.</li>"
                "<li>نام نمایشی عمومی شما که کنار نوشته‌هایتان می‌آید. لازم نیست نام واقعی‌تان باشد.</li>"
                "<li>آنچه منتشر می‌کنید: پیشنهادها (با همهٔ نسخه‌های پیشین)، دیدگاه‌ها، گزارش‌ها و درخواست‌های بازبینی.</li>"
                "<li>حمایت‌های شما و زمان هر یک. داده‌های باز هر حمایت را فقط با یک «نشانهٔ رأی‌دهنده» نشان می‌دهند؛ رمزی کلیددار که نه به شما برمی‌گردد و نه میان نظرخواهی‌ها به هم پیوند می‌خورد.</li>"
                "<li>پیشنهادها و نظرخواهی‌هایی که دنبال می‌کنید، اعلان‌هایتان، زبان و تنظیم اعلان‌ها، و زمان پذیرفتن شرایط استفاده.</li>"
                "<li>اگر نظرخواهی‌ای لازم بداند: این‌که ساکن تأییدشده هستید، و هرگز اطلاعات سرشماری شما.</li>"
                "</ul>"
                "<h2>چرا</h2>"
                "<p>برای برگزاری نظرخواهی‌های عمومی: تا بتوانید مشارکت کنید، حمایت‌ها دقیق و برای هر نفر فقط یک بار شمرده شوند، محتوا بازبینی شود و پاسخ‌ها آشکارا داده شوند.</p>"
                "<h2>تا کی</h2>"
                f"<p>حساب‌هایی که نشانی ایمیلشان تأیید نشود، پس از {days} روز پاک می‌شوند. بقیهٔ اطلاعات تا وقتی حسابتان را حذف کنید نگه داشته می‌شود.</p>"
                "<h2>حقوق شما</h2>"
                '<p>در <a href="/fa/profile/">نمایهٔ خود</a> می‌توانید همهٔ اطلاعاتی را که از شما نگه می‌داریم در قالب یک پروندهٔ JSON بارگیری کنید و حسابتان را حذف کنید. با حذف حساب، نشانی‌های ایمیل، نام، نمایه، اعلان‌ها و دنبال‌کردن‌هایتان پاک می‌شود. آنچه منتشر کرده‌اید با نام «حساب حذف‌شده» می‌ماند و حمایت‌هایتان بدون هیچ پیوندی با شما شمرده می‌شوند.</p>'
                '<p>آنچه منتشر می‌کنید با مجوز محتوای این سایت منتشر می‌شود، همان‌طور که <a href="/fa/terms/">شرایط استفاده</a> توضیح می‌دهد.</p>'
            ),
        }
    ]


ACCESSIBILITY_EN = [
    {
        "type": "paragraph",
        "value": (
            "<h2>Our aim</h2>"
            "<p>This site aims to meet the Web Content Accessibility Guidelines (WCAG) 2.2 at level AA, in English and in Persian.</p>"
            "<h2>What we do</h2>"
            "<ul>"
            "<li>Every page works without JavaScript and with the keyboard alone.</li>"
            "<li>Forms label every field and tie each error to its field.</li>"
            "<li>Charts come with their numbers as a table; the proposal map has a list alternative.</li>"
            "<li>Persian pages read right to left with the same layout.</li>"
            "<li>Pages are checked automatically with the axe accessibility engine.</li>"
            "</ul>"
            "<h2>Known limitations</h2>"
            "<p>Documents uploaded by departments (plans, studies) may not all be accessible. Ask for another format and we will provide one.</p>"
            "<h2>Tell us</h2>"
            "<p>If something on this site is hard to use, please tell the department responsible for the consultation, using the contact shown on its page. We answer every message.</p>"
        ),
    }
]

ACCESSIBILITY_FA = [
    {
        "type": "paragraph",
        "value": (
            "<h2>هدف ما</h2>"
            "<p>این سایت می‌کوشد رهنمودهای دسترس‌پذیری محتوای وب (WCAG) نسخهٔ ۲٫۲ را در سطح AA، به فارسی و انگلیسی، رعایت کند.</p>"
            "<h2>آنچه انجام می‌دهیم</h2>"
            "<ul>"
            "<li>همهٔ صفحه‌ها بدون جاوااسکریپت و فقط با صفحه‌کلید کار می‌کنند.</li>"
            "<li>همهٔ فیلدهای فرم برچسب دارند و هر خطا به فیلد خودش پیوند دارد.</li>"
            "<li>نمودارها همراه با جدول اعدادشان می‌آیند و نقشهٔ پیشنهادها فهرستی جایگزین دارد.</li>"
            "<li>صفحه‌های فارسی با همان چیدمان، از راست به چپ خوانده می‌شوند.</li>"
            "<li>صفحه‌ها به‌طور خودکار با ابزار دسترس‌پذیری axe بررسی می‌شوند.</li>"
            "</ul>"
            "<h2>محدودیت‌های شناخته‌شده</h2>"
            "<p>ممکن است همهٔ اسنادی که اداره‌ها بارگذاری می‌کنند (طرح‌ها، مطالعات) دسترس‌پذیر نباشند. قالب دیگری بخواهید تا فراهم کنیم.</p>"
            "<h2>به ما بگویید</h2>"
            "<p>اگر بخشی از این سایت برایتان دشوار است، به ادارهٔ مسئول نظرخواهی، از راه تماسی که در صفحهٔ آن آمده، خبر دهید. به هر پیامی پاسخ می‌دهیم.</p>"
        ),
    }
]


def standard_pages() -> dict[str, dict]:
    """Purpose -> slug and, per language, title, introduction and body."""
    days = settings.UNCONFIRMED_ACCOUNT_DAYS
    return {
        "privacy": {
            "slug": "privacy",
            "en": {
                "title": "Privacy notice",
                "intro": "What Civic holds about you, why, for how long, and how to download or erase it.",
                "body": _privacy_en(days),
            },
            "fa": {
                "title": "حریم خصوصی",
                "intro": "Civic چه اطلاعاتی از شما نگه می‌دارد، چرا و تا کی، و چگونه می‌توانید آن را بارگیری یا پاک کنید.",
                "body": _privacy_fa(days),
            },
        },
        "accessibility": {
            "slug": "accessibility",
            "en": {
                "title": "Accessibility statement",
                "intro": "How this site works for everyone, what is not yet right, and how to tell us.",
                "body": ACCESSIBILITY_EN,
            },
            "fa": {
                "title": "بیانیهٔ دسترس‌پذیری",
                "intro": "این سایت چگونه برای همه کار می‌کند، چه چیزی هنوز درست نیست و چگونه به ما خبر دهید.",
                "body": ACCESSIBILITY_FA,
            },
        },
    }
