# ruff: noqa: RUF001  (Persian demo content: Arabic-script letters and digits on purpose)
"""Demo consultations for `manage.py seed_demo`: districts, departments, and consultations in
every phase, in English with Persian translations, published through revisions; one waiting
for an approver and one sent back to its editor. The demo moderator and official get a role
on every demo consultation.

Idempotent: a consultation is known by its slug, an area by its slug, a department by its
name; what exists is left alone. Deterministic: the schedule's day offsets come from a random
generator seeded with ``--seed``; dates are counted from the current hour.
"""

import json
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from wagtail.models import Locale

from consultations.models import (
    Area,
    ConsultationIndexPage,
    ConsultationPage,
    Department,
    Topic,
)
from consultations.roles import Role, grant_role
from consultations.site_structure import APPROVERS_GROUP, EDITORS_GROUP, ensure_site_structure

DAY = timedelta(days=1)

AREAS = [
    ("Old Town", "بافت قدیم", "old-town"),
    ("Riverside", "کناررود", "riverside"),
    ("North Hills", "تپه‌های شمالی", "north-hills"),
    ("Station Quarter", "محله‌ی ایستگاه", "station-quarter"),
    ("Eastgate", "دروازه‌ی شرقی", "eastgate"),
    ("Westfield", "دشت غربی", "westfield"),
]

DEPARTMENTS = [
    ("Parks and Green Spaces", "سازمان پارک‌ها و فضای سبز", "parks@example.org", "+1 555 0101"),
    ("Transport and Streets", "معاونت حمل‌ونقل و ترافیک", "transport@example.org", "+1 555 0102"),
    ("Culture and Libraries", "اداره‌ی فرهنگ و کتابخانه‌ها", "culture@example.org", "+1 555 0103"),
    ("Finance", "معاونت مالی", "budget@example.org", "+1 555 0104"),
    ("Social Services", "اداره‌ی خدمات اجتماعی", "social@example.org", "+1 555 0105"),
]  # fmt: skip

# Topic concepts: the English name (and slug) every language filters by, and the Persian name
# Persian pages show.
TOPICS = [
    ("parks", "پارک"),
    ("environment", "محیط زیست"),
    ("mobility", "حمل‌ونقل"),
    ("cycling", "دوچرخه"),
    ("culture", "فرهنگ"),
    ("libraries", "کتابخانه"),
    ("budget", "بودجه"),
    ("public space", "فضای عمومی"),
    ("trees", "درخت"),
    ("schools", "مدرسه"),
    ("safety", "ایمنی"),
    ("markets", "بازار"),
    ("social care", "خدمات اجتماعی"),
]


@dataclass(frozen=True)
class Text:
    title: str
    summary: str
    intro: str
    facts: list[str]
    quote: str
    quote_by: str
    question: str
    answer: str
    # Topic concepts by their English name (TOPICS); a translation keeps its page's topics.
    topics: tuple[str, ...] | list[str] = ()


@dataclass(frozen=True)
class Theme:
    slug: str
    department: str
    areas: list[str]
    en: Text
    fa: Text
    video: str = ""


THEMES = [
    Theme(
        slug="park-renewal",
        department="Parks and Green Spaces",
        areas=["old-town"],
        video="https://video.example.org/park-renewal-walkthrough",
        en=Text(
            title="Renewing City Park",
            summary="City Park is forty years old. Tell us what the renewed park should offer: "
            "shade, play, sport, quiet corners or water.",
            intro="City Park was laid out in 1986 and has not changed much since. Paths are "
            "cracked, the pond leaks and the playground no longer meets safety rules. The city "
            "has set aside a budget for a full renewal over three years, and wants residents "
            "to shape it from the start.",
            facts=[
                "12 hectares, the largest park in the Old Town",
                "About 4,000 visitors on a summer weekend day",
                "Budget: 6.5 million over three years",
            ],
            quote="We come every morning with the children. More shade and a drinking fountain "
            "would change everything in July.",
            quote_by="A parent from the Old Town, at the first open meeting",
            question="Will the park close during the works?",
            answer="No. The works are split into zones so that most of the park stays open "
            "at all times.",
            topics=["parks", "environment"],
        ),
        fa=Text(
            title="نوسازی پارک شهر",
            summary="پارک شهر چهل سال دارد. بگویید پارک نوسازی‌شده چه چیزی داشته باشد: سایه، "
            "بازی، ورزش، گوشه‌های آرام یا آب.",
            intro="پارک شهر در سال ۱۳۶۵ ساخته شد و از آن زمان کمتر تغییر کرده است. مسیرها ترک "
            "خورده‌اند، حوض آب پس می‌دهد و زمین بازی دیگر با مقررات ایمنی سازگار نیست. شهرداری "
            "بودجه‌ای برای نوسازی کامل در سه سال کنار گذاشته و می‌خواهد ساکنان از همان آغاز در "
            "طراحی آن سهیم باشند.",
            facts=[
                "۱۲ هکتار، بزرگ‌ترین پارک بافت قدیم",
                "حدود ۴٬۰۰۰ بازدیدکننده در یک روز تعطیل تابستانی",
                "بودجه: ۶٫۵ میلیون در سه سال",
            ],
            quote="هر صبح با بچه‌ها می‌آییم. سایه‌ی بیشتر و یک آبخوری در تیرماه همه چیز را عوض می‌کند.",
            quote_by="یکی از والدین بافت قدیم، در نخستین نشست عمومی",
            question="آیا پارک در زمان کار بسته می‌شود؟",
            answer="نه. کار به چند بخش تقسیم شده تا بیشتر پارک همیشه باز بماند.",
        ),
    ),
    Theme(
        slug="river-avenue-bike-lanes",
        department="Transport and Streets",
        areas=["riverside", "station-quarter"],
        en=Text(
            title="Protected bike lanes on River Avenue",
            summary="River Avenue links the station to the university. Where should protected "
            "bike lanes go, and what should change for buses, parking and deliveries?",
            intro="River Avenue carries 18,000 cars and 2,500 cyclists a day, with no "
            "separation between them. After three serious crashes last year, the city plans "
            "protected bike lanes on the whole avenue. Several layouts are possible; each "
            "changes parking, loading and bus stops differently.",
            facts=[
                "3.2 km from the central station to the university",
                "2,500 cyclists a day, twice as many as five years ago",
                "140 parking spaces along the avenue today",
            ],
            quote="I would cycle to work if I did not have to share the lane with lorries.",
            quote_by="A resident of Riverside, in the 2025 mobility survey",
            question="Will parking disappear?",
            answer="Some spaces will move to side streets. Each layout in the documents shows "
            "how many.",
            topics=["mobility", "cycling"],
        ),
        fa=Text(
            title="مسیر دوچرخه‌ی ایمن در خیابان رودخانه",
            summary="خیابان رودخانه ایستگاه را به دانشگاه وصل می‌کند. مسیر دوچرخه‌ی جداشده از "
            "کجا بگذرد و برای اتوبوس، پارک خودرو و بارگیری چه تغییری لازم است؟",
            intro="روزانه ۱۸٬۰۰۰ خودرو و ۲٬۵۰۰ دوچرخه‌سوار از خیابان رودخانه می‌گذرند، بی هیچ "
            "جداکننده‌ای. پس از سه تصادف جدی در سال گذشته، شهرداری می‌خواهد در سراسر خیابان "
            "مسیر دوچرخه‌ی ایمن بسازد. چند طرح ممکن است و هر کدام پارک، بارگیری و ایستگاه‌های "
            "اتوبوس را به شکلی دیگر تغییر می‌دهد.",
            facts=[
                "۳٫۲ کیلومتر از ایستگاه مرکزی تا دانشگاه",
                "روزانه ۲٬۵۰۰ دوچرخه‌سوار، دو برابر پنج سال پیش",
                "امروز ۱۴۰ جای پارک در طول خیابان",
            ],
            quote="اگر مجبور نبودم مسیرم را با کامیون‌ها شریک شوم، با دوچرخه سر کار می‌رفتم.",
            quote_by="یکی از ساکنان کناررود، در نظرسنجی حمل‌ونقل ۱۴۰۴",
            question="آیا جای پارک حذف می‌شود؟",
            answer="بخشی از جاها به خیابان‌های فرعی منتقل می‌شود. هر طرح در اسناد نشان می‌دهد "
            "چه تعداد.",
        ),
    ),
    Theme(
        slug="library-opening-hours",
        department="Culture and Libraries",
        areas=["north-hills", "eastgate", "westfield"],
        en=Text(
            title="Longer opening hours for neighbourhood libraries",
            summary="Our five neighbourhood libraries close at 6 pm and on Sundays. Which "
            "hours matter most to you, and what should the libraries offer in them?",
            intro="Students, shift workers and families have asked for libraries that open "
            "when they are free. The budget allows about 40 more opening hours a week across "
            "the five neighbourhood libraries. We want to know where and when they help most.",
            facts=[
                "5 neighbourhood libraries, 210,000 loans a year",
                "Open today Monday to Saturday, 10 am to 6 pm",
                "About 40 extra hours a week can be funded",
            ],
            quote="The library is the only quiet place I can study after my shift.",
            quote_by="A nursing student from Eastgate",
            question="Will new hours mean fewer staff in the day?",
            answer="No. The extra hours come with new staff posts in the budget.",
            topics=["culture", "libraries"],
        ),
        fa=Text(
            title="ساعت کار طولانی‌تر کتابخانه‌های محله",
            summary="پنج کتابخانه‌ی محله‌ای ما ساعت ۱۸ و روزهای جمعه بسته‌اند. کدام ساعت‌ها "
            "برای شما مهم‌ترند و کتابخانه در آن ساعت‌ها چه ارائه کند؟",
            intro="دانشجویان، کارگران نوبتی و خانواده‌ها خواسته‌اند کتابخانه‌ها وقتی باز باشند "
            "که آن‌ها فرصت دارند. بودجه حدود ۴۰ ساعت کار بیشتر در هفته را برای پنج کتابخانه "
            "ممکن می‌کند. می‌خواهیم بدانیم کجا و چه زمانی بیشترین کمک را می‌کند.",
            facts=[
                "۵ کتابخانه‌ی محله‌ای، ۲۱۰٬۰۰۰ امانت در سال",
                "امروز شنبه تا پنج‌شنبه، ساعت ۱۰ تا ۱۸ باز است",
                "هزینه‌ی حدود ۴۰ ساعت بیشتر در هفته تأمین‌شدنی است",
            ],
            quote="کتابخانه تنها جای آرامی است که بعد از شیفتم می‌توانم درس بخوانم.",
            quote_by="دانشجوی پرستاری از دروازه‌ی شرقی",
            question="آیا ساعت‌های تازه یعنی کارکنان کمتر در روز؟",
            answer="نه. ساعت‌های بیشتر با جایگاه‌های شغلی تازه در بودجه همراه است.",
        ),
    ),
    Theme(
        slug="neighbourhood-budget",
        department="Finance",
        areas=["old-town", "riverside", "north-hills", "station-quarter", "eastgate", "westfield"],
        en=Text(
            title="Neighbourhood budget 2027",
            summary="Two million of next year's budget is for projects residents choose. "
            "Propose a project for your district, then support the ones you want.",
            intro="For the third year, part of the city's investment budget is decided by "
            "residents. Each district has a share in proportion to its population. Projects "
            "must be on public land, cost less than 250,000 and be buildable within a year.",
            facts=[
                "2 million in total, shared among six districts",
                "Last year: 412 proposals, 9,800 residents took part",
                "Projects up to 250,000 each",
            ],
            quote="Our bench-and-shade project from last year is now where the whole street meets.",
            quote_by="A resident of Westfield",
            question="Who checks whether a project is feasible?",
            answer="City departments review every proposal that passes the support threshold "
            "and publish their answer with the costs.",
            topics=["budget", "public space"],
        ),
        fa=Text(
            title="بودجه‌ی محله‌ها ۱۴۰۶",
            summary="دو میلیون از بودجه‌ی سال آینده برای طرح‌هایی است که ساکنان انتخاب "
            "می‌کنند. برای محله‌ی خود طرحی پیشنهاد دهید و از طرح‌های دلخواه‌تان حمایت کنید.",
            intro="برای سومین سال، بخشی از بودجه‌ی عمرانی شهر را ساکنان تعیین می‌کنند. سهم هر "
            "محله به نسبت جمعیت آن است. طرح‌ها باید در زمین عمومی باشند، کمتر از ۲۵۰٬۰۰۰ "
            "هزینه داشته باشند و در یک سال ساختنی باشند.",
            facts=[
                "در مجموع ۲ میلیون، میان شش محله",
                "سال گذشته: ۴۱۲ پیشنهاد و ۹٬۸۰۰ شرکت‌کننده",
                "هر طرح تا ۲۵۰٬۰۰۰",
            ],
            quote="طرح نیمکت و سایه‌بان پارسال ما حالا پاتوق همه‌ی اهل کوچه است.",
            quote_by="یکی از ساکنان دشت غربی",
            question="چه کسی شدنی بودن طرح را بررسی می‌کند؟",
            answer="ادارات شهرداری هر پیشنهادی را که از آستانه‌ی حمایت بگذرد بررسی می‌کنند و "
            "پاسخ خود را با هزینه‌ها منتشر می‌کنند.",
        ),
    ),
    Theme(
        slug="street-trees",
        department="Parks and Green Spaces",
        areas=["station-quarter", "eastgate"],
        en=Text(
            title="Ten thousand street trees",
            summary="The city will plant 10,000 street trees by 2030. Which streets need shade "
            "first, and which species should we plant?",
            intro="Summer heat in the Station Quarter and Eastgate is up to four degrees above "
            "the greener districts. Street trees are the cheapest way to cool a street. "
            "Planting depends on pipes and cables underground, so not every street can get "
            "trees at once; your proposals help us set the order.",
            facts=[
                "10,000 trees by 2030, about 1,700 a year",
                "Up to 4 °C hotter in streets without trees",
                "Each tree is watered for its first three summers",
            ],
            quote="Our street has no shade from the bus stop to the school.",
            quote_by="A teacher in the Station Quarter",
            question="Who waters the new trees?",
            answer="The parks department waters each tree for three summers; residents can "
            "adopt a tree too.",
            topics=["trees", "environment"],
        ),
        fa=Text(
            title="ده هزار درخت خیابانی",
            summary="شهرداری تا سال ۱۴۰۹ ده هزار درخت در خیابان‌ها می‌کارد. کدام خیابان‌ها "
            "زودتر به سایه نیاز دارند و چه گونه‌هایی بکاریم؟",
            intro="گرمای تابستان در محله‌ی ایستگاه و دروازه‌ی شرقی تا چهار درجه بیشتر از "
            "محله‌های سرسبزتر است. درخت خیابانی ارزان‌ترین راه خنک کردن خیابان است. کاشت به "
            "لوله‌ها و کابل‌های زیرزمینی بستگی دارد، پس همه‌ی خیابان‌ها هم‌زمان درخت‌دار "
            "نمی‌شوند؛ پیشنهادهای شما ترتیب کار را روشن می‌کند.",
            facts=[
                "۱۰٬۰۰۰ درخت تا ۱۴۰۹، حدود ۱٬۷۰۰ درخت در سال",
                "تا ۴ درجه گرم‌تر در خیابان‌های بی‌درخت",
                "هر درخت تا سه تابستان آبیاری می‌شود",
            ],
            quote="خیابان ما از ایستگاه اتوبوس تا مدرسه هیچ سایه‌ای ندارد.",
            quote_by="معلمی در محله‌ی ایستگاه",
            question="چه کسی درخت‌های تازه را آب می‌دهد؟",
            answer="سازمان پارک‌ها هر درخت را سه تابستان آبیاری می‌کند؛ ساکنان هم می‌توانند "
            "سرپرستی درختی را بپذیرند.",
        ),
    ),
    Theme(
        slug="safer-school-routes",
        department="Transport and Streets",
        areas=["north-hills", "westfield"],
        video="https://video.example.org/school-streets-explained",
        en=Text(
            title="Safer routes to school",
            summary="Help us find the dangerous crossings, missing pavements and speeding "
            "spots on the way to the city's 14 primary schools.",
            intro="Fewer than one child in three walks or cycles to school, mostly because "
            "parents find the way unsafe. The city will fix the worst spots around every "
            "primary school over two years, and may close some streets to traffic at school "
            "times.",
            facts=[
                "14 primary schools, 5,600 pupils",
                "31% walk or cycle to school today",
                "Two years of works, starting next summer",
            ],
            quote="The crossing at Hill Road has no lights, and cars do not stop.",
            quote_by="A parent from North Hills",
            question="What is a school street?",
            answer="A street next to a school closed to through traffic for half an hour when "
            "school starts and ends.",
            topics=["mobility", "schools", "safety"],
        ),
        fa=Text(
            title="مسیرهای امن‌تر به مدرسه",
            summary="کمک کنید گذرگاه‌های خطرناک، پیاده‌روهای ناقص و نقاط سرعت غیرمجاز را در "
            "راه ۱۴ دبستان شهر پیدا کنیم.",
            intro="کمتر از یک کودک از هر سه کودک پیاده یا با دوچرخه به مدرسه می‌رود، بیشتر "
            "چون والدین راه را ناامن می‌دانند. شهرداری در دو سال بدترین نقاط اطراف هر دبستان "
            "را اصلاح می‌کند و ممکن است برخی خیابان‌ها را در ساعت مدرسه به روی خودروها ببندد.",
            facts=[
                "۱۴ دبستان، ۵٬۶۰۰ دانش‌آموز",
                "امروز ۳۱٪ پیاده یا با دوچرخه به مدرسه می‌روند",
                "دو سال کار، از تابستان آینده",
            ],
            quote="گذرگاه خیابان تپه چراغ ندارد و خودروها نمی‌ایستند.",
            quote_by="یکی از والدین تپه‌های شمالی",
            question="خیابان مدرسه چیست؟",
            answer="خیابانی کنار مدرسه که نیم ساعت در آغاز و پایان مدرسه به روی عبور خودرو "
            "بسته می‌شود.",
        ),
    ),
    Theme(
        slug="old-market-square",
        department="Culture and Libraries",
        areas=["old-town"],
        en=Text(
            title="Redesigning the Old Market Square",
            summary="The Old Market Square is a car park six days a week. Should it become a "
            "square for markets, events and people?",
            intro="The square holds a market on Fridays and 120 parked cars the rest of the "
            "week. Shopkeepers, residents and market traders see its future differently. Three "
            "concept designs are published below; your proposals will shape the final brief.",
            facts=[
                "6,000 m² in the heart of the Old Town",
                "A weekly market since 1903",
                "Three concept designs to compare",
            ],
            quote="Without parking, my customers from the villages will not come.",
            quote_by="A shopkeeper on the square",
            question="Will the Friday market stay?",
            answer="Yes. Every concept keeps the market and gives it water and power points.",
            topics=["public space", "markets"],
        ),
        fa=Text(
            title="طراحی دوباره‌ی میدان بازار قدیم",
            summary="میدان بازار قدیم شش روز در هفته پارکینگ است. آیا باید میدانی برای بازار، "
            "رویدادها و مردم شود؟",
            intro="میدان روزهای جمعه بازار دارد و بقیه‌ی هفته ۱۲۰ خودرو در آن پارک می‌شود. "
            "مغازه‌داران، ساکنان و فروشندگان بازار آینده‌ی آن را متفاوت می‌بینند. سه طرح اولیه "
            "در پایین منتشر شده است؛ پیشنهادهای شما شرح نهایی کار را شکل می‌دهد.",
            facts=[
                "۶٬۰۰۰ متر مربع در دل بافت قدیم",
                "بازار هفتگی از سال ۱۲۸۲",
                "سه طرح اولیه برای مقایسه",
            ],
            quote="بدون جای پارک، مشتری‌های من از روستاها نمی‌آیند.",
            quote_by="مغازه‌داری در میدان",
            question="آیا بازار جمعه می‌ماند؟",
            answer="بله. همه‌ی طرح‌ها بازار را نگه می‌دارند و به آن آب و برق می‌رسانند.",
        ),
    ),
    Theme(
        slug="warm-spaces-for-winter",
        department="Social Services",
        areas=["riverside", "eastgate"],
        en=Text(
            title="Warm spaces for winter",
            summary="Community centres and libraries can open as warm spaces on cold days. "
            "Where and when would you use one, and what should it offer?",
            intro="Heating costs have risen faster than incomes. Last winter four community "
            "centres opened as warm spaces with tea, wifi and a place to sit; 3,000 visits "
            "were counted. This winter the city can fund more, and asks where they are needed.",
            facts=[
                "4 warm spaces last winter, 3,000 visits",
                "Open 9 am to 9 pm on days below 0 °C",
                "Free, with no sign-up or questions asked",
            ],
            quote="It was the only warm room I sat in all January.",
            quote_by="A pensioner in Riverside",
            question="Do I need to register?",
            answer="No. Warm spaces are open to everyone, with no questions asked.",
            topics=["social care"],
        ),
        fa=Text(
            title="فضاهای گرم برای زمستان",
            summary="فرهنگسراها و کتابخانه‌ها می‌توانند در روزهای سرد به فضای گرم تبدیل شوند. "
            "کجا و چه زمانی از آن استفاده می‌کنید و چه امکاناتی داشته باشد؟",
            intro="هزینه‌ی گرمایش تندتر از درآمدها بالا رفته است. زمستان گذشته چهار فرهنگسرا "
            "با چای، اینترنت و جایی برای نشستن به فضای گرم تبدیل شدند و ۳٬۰۰۰ مراجعه ثبت شد. "
            "امسال شهرداری می‌تواند فضاهای بیشتری را تأمین کند و می‌پرسد کجا لازم است.",
            facts=[
                "۴ فضای گرم در زمستان گذشته، ۳٬۰۰۰ مراجعه",
                "باز از ۹ تا ۲۱ در روزهای زیر صفر درجه",
                "رایگان، بی ثبت‌نام و بی پرسش",
            ],
            quote="تنها اتاق گرمی بود که در تمام دی‌ماه در آن نشستم.",
            quote_by="بازنشسته‌ای در کناررود",
            question="آیا باید ثبت‌نام کنم؟",
            answer="نه. فضاهای گرم به روی همه باز است، بی هیچ پرسشی.",
        ),
    ),
]

# The phase each demo consultation is in when seeded, in order: the first five cover every
# phase; "overlap" is collecting and voting at once.
PHASE_PLAN = ["collecting", "voting", "upcoming", "deliberating", "closed", "overlap"]

# Two more, never published: one waiting for an approver, one sent back to its editor.
IN_REVIEW = Theme(
    slug="cycle-parking-hubs",
    department="Transport and Streets",
    areas=["station-quarter"],
    en=Text(
        title="Cycle parking hubs at stations",
        summary="Secure, covered cycle parking at the central and east stations: where, how "
        "big, and at what price?",
        intro="Commuters leave 900 bicycles at the central station every day, chained to "
        "railings. Two secure hubs are planned.",
        facts=["900 bicycles a day at the central station", "Two hubs planned"],
        quote="My bike was stolen twice at the station.",
        quote_by="A commuter from Eastgate",
        question="Will parking be free?",
        answer="The first day will be free; the consultation asks about prices after that.",
        topics=["mobility", "cycling"],
    ),
    fa=Text("", "", "", [], "", "", "", ""),
)
REJECTED = Theme(
    slug="night-bus-routes",
    department="Transport and Streets",
    areas=["north-hills", "westfield"],
    en=Text(
        title="Night bus routes",
        summary="Which night bus routes would you use?",
        intro="Night buses stop at midnight.",
        facts=["Buses stop at midnight"],
        quote="I walk home from my shift at 1 am.",
        quote_by="A hospital cleaner",
        question="When would new routes start?",
        answer="Next year.",
        topics=["mobility"],
    ),
    fa=Text("", "", "", [], "", "", "", ""),
)
REJECTION_COMMENT = (
    "Please add the costs of each route option and a map before this goes out; "
    "the summary should say which districts are served."
)


def _rich(paragraph: str) -> str:
    return f"<p>{paragraph}</p>"


def body_blocks(theme: Theme, language: str) -> str:
    """The StreamField body (as JSON) of a demo consultation in one language."""
    text: Text = getattr(theme, language)
    persian = language == "fa"
    how = (
        "<h2>چگونه شرکت کنم</h2><ol><li>طرح خود را در مرحله‌ی گردآوری پیشنهاد بفرستید.</li>"
        "<li>در مرحله‌ی رأی‌گیری از پیشنهادهای دلخواه‌تان حمایت کنید.</li>"
        "<li>پاسخ رسمی شهرداری را در همین صفحه بخوانید.</li></ol>"
        if persian
        else "<h2>How to take part</h2><ol><li>Send your idea while proposals are being "
        "collected.</li><li>Support the proposals you want while voting is open.</li>"
        "<li>Read the city's official answers on this page.</li></ol>"
    )
    blocks = [
        {"type": "paragraph", "value": _rich(text.intro) + how},
        {
            "type": "fact_box",
            "value": {
                "heading": "در یک نگاه" if persian else "At a glance",
                "text": "<ul>" + "".join(f"<li>{fact}</li>" for fact in text.facts) + "</ul>",
            },
        },
        {"type": "quote", "value": {"quote": text.quote, "attribution": text.quote_by}},
    ]
    if theme.video:
        blocks.append(
            {
                "type": "video",
                "value": {
                    "url": theme.video,
                    "title": text.title,
                    "transcript": text.intro,
                },
            }
        )
    who_q, who_a = (
        (
            "چه کسی می‌تواند شرکت کند؟",
            "هر کسی با حساب کاربری تأییدشده؛ قوانین در کنار صفحه آمده است.",
        )
        if persian
        else (
            "Who can take part?",
            "Anyone with a confirmed account; the rules are listed beside this page.",
        )
    )  # fmt: skip
    blocks.append(
        {
            "type": "faq",
            "value": {
                "heading": "پرسش‌های پرتکرار" if persian else "Frequently asked questions",
                "questions": [
                    {"question": who_q, "answer": _rich(who_a)},
                    {"question": text.question, "answer": _rich(text.answer)},
                ],
            },
        }
    )
    return json.dumps(blocks, ensure_ascii=False)


def schedule_for(plan: str, now: datetime, rng: random.Random, *, closing_soon: bool) -> dict:
    """Schedule fields that put a consultation in `plan`'s phase at `now`."""
    jitter = rng.randint(0, 6) * DAY
    if plan == "upcoming":
        po = now + 6 * DAY + jitter
        return _sequence(po, po + 21 * DAY, po + 22 * DAY, po + 36 * DAY, po + 66 * DAY)
    if plan == "collecting":
        pc = now + (4 * DAY if closing_soon else 12 * DAY + jitter)
        return _sequence(now - 9 * DAY, pc, pc + 2 * DAY, pc + 16 * DAY, pc + 46 * DAY)
    if plan == "voting":
        vc = now + (3 * DAY if closing_soon else 10 * DAY + jitter)
        return _sequence(now - 40 * DAY, now - 15 * DAY, now - 10 * DAY, vc, vc + 30 * DAY)
    if plan == "overlap":
        return _sequence(
            now - 10 * DAY, now + 10 * DAY, now - 3 * DAY, now + 20 * DAY, now + 50 * DAY
        )
    if plan == "deliberating":
        vc = now - 8 * DAY - jitter
        return _sequence(vc - 45 * DAY, vc - 20 * DAY, vc - 18 * DAY, vc, now + 22 * DAY)
    due = now - 50 * DAY - jitter
    return _sequence(due - 95 * DAY, due - 65 * DAY, due - 60 * DAY, due - 30 * DAY, due)


def _sequence(po, pc, vo, vc, due) -> dict:
    return {
        "proposals_open": po,
        "proposals_close": pc,
        "voting_open": vo,
        "voting_close": vc,
        "responses_due": due,
    }


def rules_for(n: int) -> dict:
    return {
        "moderation": "pre" if n % 3 == 2 else "post",
        "max_supports_per_citizen": [0, 5, 3][n % 3],
        "requires_verified_resident": n % 4 == 3,
        "response_threshold": [10, 25, 50][n % 3],
        "response_due_days": [30, 45, 21][n % 3],
        "allow_own_support": n % 2 == 1,
        "auto_hide_reports": [5, 3, 4][n % 3],
    }  # fmt: skip


def ensure_areas() -> dict[str, Area]:
    areas = {}
    for name, name_fa, slug in AREAS:
        areas[slug] = Area.objects.get_or_create(
            slug=slug, defaults={"name": name, "name_fa": name_fa}
        )[0]
    return areas


def ensure_topics() -> dict[str, Topic]:
    """The demo's topic concepts with both names; a Persian name given by staff stays."""
    topics = {}
    for name, name_fa in TOPICS:
        topic = Topic.objects.filter(name=name).first()
        if topic is None:
            topic = Topic.objects.create(name=name, name_fa=name_fa)
        elif not topic.name_fa:
            topic.name_fa = name_fa
            topic.save(update_fields=["name_fa"])
        topics[name] = topic
    return topics


def ensure_departments() -> dict[str, Department]:
    departments = {}
    for name, name_fa, email, phone in DEPARTMENTS:
        departments[name] = Department.objects.get_or_create(
            name=name, defaults={"name_fa": name_fa, "email": email, "phone": phone}
        )[0]
    return departments


def _slug_and_titles(n: int, theme: Theme, area: Area) -> tuple[str, str, str]:
    """Past the themes, the same theme comes back for another district."""
    if n < len(THEMES):
        return theme.slug, theme.en.title, theme.fa.title
    return (
        f"{theme.slug}-{n + 1}",
        f"{theme.en.title}: {area.name}",
        f"{theme.fa.title}: {area.name_fa}",
    )


def _new_page(
    index, theme: Theme, slug: str, title: str, areas, departments, fields
) -> ConsultationPage:
    text = theme.en
    page = ConsultationPage(
        title=title,
        slug=slug,
        summary=text.summary,
        body=body_blocks(theme, "en"),
        department=departments[theme.department],
        contact_name="Public participation team",
        live=False,
        **fields,
    )
    index.add_child(instance=page)
    page.topics.add(*text.topics)
    page.areas.set([areas[slug] for slug in theme.areas])
    return page


def _translate(page: ConsultationPage, theme: Theme, title: str, locale: Locale, user) -> None:
    if page.get_translation_or_none(locale) is not None:
        return
    text = theme.fa
    translated = page.copy_for_translation(locale, copy_parents=False, alias=False)
    translated.title = translated.draft_title = title
    translated.summary = text.summary
    translated.body = body_blocks(theme, "fa")
    translated.contact_name = "تیم مشارکت عمومی"
    # The copy keeps the English page's topics: the same concepts, shown by their Persian names.
    translated.save()
    translated.save_revision(user=user).publish(user=user)


def _staff(ctx) -> dict:
    accounts = getattr(ctx, "accounts", {}) or {}
    editor, approver = accounts.get("editor"), accounts.get("approver")
    if editor is not None:
        editor.groups.add(Group.objects.get(name=EDITORS_GROUP))
    if approver is not None:
        approver.groups.add(Group.objects.get(name=APPROVERS_GROUP))
    return accounts


def _seed_in_workflow(
    index, theme: Theme, areas, departments, now, editor, approver, *, reject: bool
) -> None:
    if ConsultationPage.objects.filter(locale=index.locale, slug=theme.slug).exists():
        return
    fields = {
        **schedule_for("upcoming", now, random.Random(theme.slug), closing_soon=False),
        **rules_for(0),
    }
    page = _new_page(index, theme, theme.slug, theme.en.title, areas, departments, fields)
    page.save_revision(user=editor)
    workflow = index.get_workflow()
    if workflow is None:
        return
    # The demo e-mails nobody: it records the workflow as if people had acted.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        state = workflow.start(page, editor)
        if reject:
            state.current_task_state.reject(user=approver, comment=REJECTION_COMMENT)


@transaction.atomic
def seed(ctx) -> None:
    ensure_site_structure()
    rng = random.Random(f"consultations-{ctx.seed}")
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    default = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
    persian = Locale.objects.filter(language_code="fa").first()
    index = ConsultationIndexPage.objects.get(locale=default)
    areas, departments = ensure_areas(), ensure_departments()
    ensure_topics()
    accounts = _staff(ctx)
    editor, approver = accounts.get("editor"), accounts.get("approver")
    admin = accounts.get("admin")

    created, seeded = 0, []
    for n in range(ctx.consultations):
        theme = THEMES[n % len(THEMES)]
        plan = PHASE_PLAN[n] if n < len(PHASE_PLAN) else PHASE_PLAN[rng.randrange(len(PHASE_PLAN))]
        district = areas[AREAS[n % len(AREAS)][2]]
        slug, title, title_fa = _slug_and_titles(n, theme, district)
        fields = {**schedule_for(plan, now, rng, closing_soon=n < 2), **rules_for(n)}
        page = ConsultationPage.objects.filter(locale=default, slug=slug).first()
        if page is None:
            index.refresh_from_db()
            page = _new_page(index, theme, slug, title, areas, departments, fields)
            if n >= len(THEMES):
                page.areas.set([district])
            page.save_revision(user=editor).publish(user=approver)
            page = ConsultationPage.objects.get(pk=page.pk)
            created += 1
        if persian is not None:
            _translate(page, theme, title_fa, persian, approver)
        for role, account in ((Role.MODERATOR, "moderator"), (Role.OFFICIAL, "official")):
            if accounts.get(account) is not None:
                grant_role(consultation=page, user=accounts[account], role=role, granted_by=admin)
        seeded.append(page)

    if ctx.consultations:
        index.refresh_from_db()
        _seed_in_workflow(index, IN_REVIEW, areas, departments, now, editor, approver, reject=False)
        index.refresh_from_db()
        _seed_in_workflow(index, REJECTED, areas, departments, now, editor, approver, reject=True)

    ctx.created["consultations"] = seeded
    ctx.log(
        f"consultations: {created} new of {len(seeded)} published (English and Persian), "
        f"{len(areas)} areas, {len(departments)} departments"
    )
