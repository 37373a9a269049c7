# ruff: noqa: RUF001  (Persian demo content: Arabic-script letters on purpose)
"""What demo citizens write, in English and Persian: proposal titles and bodies, comments,
replies and officials' answers, drawn from word lists by a seeded random generator."""

import random

EN_SUBJECTS = [
    ("More trees", "Plant shade trees"),
    ("Shaded benches", "Put shaded benches"),
    ("A protected bike lane", "Build a bike lane separated from traffic"),
    ("Safer crossings", "Add raised zebra crossings"),
    ("Longer library hours", "Open the branch library in the evenings"),
    ("A weekly farmers' market", "Hold a farmers' market every Saturday"),
    ("Public drinking fountains", "Install drinking fountains"),
    ("Better street lighting", "Replace the dim street lamps with LED lights"),
    ("A playground for toddlers", "Build a fenced playground for small children"),
    ("Free public Wi-Fi", "Offer free Wi-Fi"),
    ("Fix the potholes", "Resurface the worst stretches of road"),
    ("Covered bus stops", "Put roofs and seats at the bus stops"),
    ("A community garden", "Turn the empty lot into a community garden"),
    ("Recycling bins on every block", "Place separate bins for paper, glass and plastic"),
    ("A dog park", "Fence off an area where dogs can run"),
    ("Wider pavements", "Widen the pavements and move parking off them"),
    ("Night buses at weekends", "Run buses every 30 minutes after midnight on weekends"),
    ("Clean public toilets", "Open public toilets that are cleaned twice a day"),
    ("Rain gardens against flooding", "Dig rain gardens where the street floods"),
    ("An outdoor gym", "Install free outdoor fitness equipment"),
    ("Solar panels on school roofs", "Cover the school roofs with solar panels"),
    ("A skate park", "Build a small skate park for teenagers"),
    ("Lower speed limits", "Make the speed limit 30 km/h"),
    ("Secure bike parking", "Add covered, lockable bike racks"),
]
EN_PLACES = [
    "on Main Street",
    "by the river",
    "near the central station",
    "in the old town",
    "around the primary schools",
    "at the market square",
    "along the ring road",
    "in the northern park",
    "next to the hospital",
    "on the university campus",
    "in Laleh neighbourhood",
    "behind the sports hall",
]
EN_PROBLEMS = [
    "Right now people avoid this place after dark.",
    "In summer there is no shade and older neighbours cannot stay outside.",
    "Every morning parents and children squeeze between parked cars and traffic.",
    "Many of us have asked for this at the neighbourhood meetings for years.",
    "The nearest alternative is a forty-minute walk away.",
    "After heavy rain the street turns into a lake for days.",
]
EN_BENEFITS = [
    "It would cost little and help hundreds of people every day.",
    "Local shops would benefit too, because people would stay longer.",
    "Children and older people would be the first to feel the difference.",
    "Neighbours have offered to help look after it.",
    "Other districts did this last year and it worked well.",
    "It would also make the area cooler and quieter.",
]
EN_COMMENTS = [
    "Great idea, I would use this every day.",
    "I agree, but please think about maintenance too.",
    "This has been needed for a long time.",
    "Could this be combined with the proposal about the market square?",
    "I am not sure this is the best place for it. What about near the school?",
    "Yes! My kids would love this.",
    "How much would it cost? I would support it if the budget allows.",
    "We tried something similar in our street and it made a real difference.",
]
EN_REPLIES = [
    "Good point, I had not thought about that.",
    "I live nearby and I can confirm the problem.",
    "Agreed, maintenance is the key question.",
    "The school would be even better, yes.",
]
EN_OFFICIAL = [
    "Thank you for this proposal. The department is checking what it would cost.",
    "We have passed this on to the team responsible for the area.",
    "A similar project is already planned for next year; we will look at combining them.",
]
EN_EDIT_NOTE = " (Updated: added the exact place after neighbours asked.)"
# A citizen's comment or reply is one sentence of the lists above, one of these and one
# closing: people do not all write the same words, and the moderation queue would read the
# same words from many accounts as a campaign.
EN_ASIDES = [
    "I walk past there every morning.",
    "My neighbours have been saying the same for years.",
    "We moved here two years ago and noticed it at once.",
    "It matters most in winter, when it gets dark early.",
    "Older people in our building would benefit too.",
    "I raised this at the last residents' meeting.",
    "The shop owners I spoke to agree.",
    "I cycle through there with my children.",
]
EN_CLOSINGS = [
    "Thanks for proposing it.",
    "Let's see what the city says.",
    "Count me in.",
    "Hoping for a quick answer.",
    "Happy to help if volunteers are needed.",
    "Fingers crossed.",
    "Keep us posted.",
    "Good luck with it.",
]

FA_SUBJECTS = [
    ("درخت‌کاری بیشتر", "درخت‌های سایه‌دار بکارید"),
    ("نیمکت‌های سایه‌دار", "نیمکت با سایبان بگذارید"),
    ("مسیر دوچرخه‌سواری امن", "مسیر دوچرخه جدا از خودروها بسازید"),
    ("گذرگاه عابر پیاده ایمن‌تر", "گذرگاه برجسته عابر پیاده بسازید"),
    ("ساعت کاری طولانی‌تر کتابخانه", "کتابخانه محله را عصرها هم باز کنید"),
    ("بازارچه هفتگی کشاورزان", "هر شنبه بازارچه کشاورزان برپا کنید"),
    ("آب‌خوری عمومی", "آب‌خوری عمومی نصب کنید"),
    ("روشنایی بهتر خیابان‌ها", "چراغ‌های کم‌نور را با لامپ‌های ال‌ای‌دی عوض کنید"),
    ("زمین بازی برای کودکان", "زمین بازی محصور برای کودکان خردسال بسازید"),
    ("اینترنت رایگان", "اینترنت بی‌سیم رایگان فراهم کنید"),
    ("تعمیر چاله‌های خیابان", "بدترین بخش‌های آسفالت را ترمیم کنید"),
    ("ایستگاه اتوبوس سرپوشیده", "برای ایستگاه‌های اتوبوس سایبان و صندلی بگذارید"),
    ("باغچه محله", "زمین خالی را به باغچه اهالی تبدیل کنید"),
    ("سطل‌های بازیافت", "سطل‌های جداگانه برای کاغذ، شیشه و پلاستیک بگذارید"),
    ("پیاده‌روهای عریض‌تر", "پیاده‌روها را عریض کنید و پارک خودرو روی آن‌ها را ممنوع کنید"),
    ("اتوبوس شبانه", "آخر هفته‌ها بعد از نیمه‌شب اتوبوس راه بیندازید"),
    ("سرویس بهداشتی عمومی", "سرویس بهداشتی عمومی تمیز باز کنید"),
    ("باشگاه ورزشی در فضای باز", "وسایل ورزشی رایگان در پارک نصب کنید"),
    ("پنل خورشیدی روی مدرسه‌ها", "بام مدرسه‌ها را با پنل خورشیدی بپوشانید"),
    ("کاهش سرعت مجاز", "سرعت مجاز را به ۳۰ کیلومتر در ساعت برسانید"),
]
FA_PLACES = [
    "در خیابان اصلی",
    "کنار رودخانه",
    "نزدیک ایستگاه مرکزی",
    "در بافت قدیم",
    "اطراف مدرسه‌ها",
    "در میدان بازار",
    "در پارک شمالی",
    "کنار بیمارستان",
    "در محله لاله",
]
FA_PROBLEMS = [
    "الان مردم بعد از تاریکی از این‌جا دوری می‌کنند.",
    "تابستان‌ها سایه‌ای نیست و سالمندان نمی‌توانند بیرون بمانند.",
    "هر صبح بچه‌ها و پدر و مادرها از بین خودروها رد می‌شوند.",
    "سال‌هاست در جلسه‌های محله این را خواسته‌ایم.",
    "نزدیک‌ترین جای مشابه چهل دقیقه پیاده‌روی فاصله دارد.",
]
FA_BENEFITS = [
    "هزینه کمی دارد و هر روز به صدها نفر کمک می‌کند.",
    "مغازه‌های محله هم سود می‌برند، چون مردم بیشتر می‌مانند.",
    "کودکان و سالمندان اولین کسانی هستند که تفاوت را حس می‌کنند.",
    "همسایه‌ها گفته‌اند در نگهداری آن کمک می‌کنند.",
    "محله‌های دیگر پارسال همین کار را کردند و نتیجه خوب بود.",
]
FA_COMMENTS = [
    "ایده عالی است، من هر روز از آن استفاده می‌کنم.",
    "موافقم، ولی لطفاً به نگهداری آن هم فکر کنید.",
    "مدت‌هاست که به این نیاز داریم.",
    "آیا می‌شود این را با پیشنهاد میدان بازار یکی کرد؟",
    "بچه‌های من عاشق این می‌شوند!",
    "هزینه‌اش چقدر است؟ اگر بودجه باشد حمایت می‌کنم.",
]
FA_REPLIES = [
    "نکته خوبی است، به آن فکر نکرده بودم.",
    "من همان نزدیکی زندگی می‌کنم و مشکل را تأیید می‌کنم.",
    "موافقم، نگهداری مهم‌ترین مسئله است.",
]
FA_OFFICIAL = [
    "از پیشنهاد شما سپاسگزاریم. اداره در حال بررسی هزینه آن است.",
    "این پیشنهاد را به تیم مسئول منطقه فرستادیم.",
]
FA_EDIT_NOTE = " (به‌روزرسانی: به درخواست همسایه‌ها محل دقیق را اضافه کردم.)"
FA_ASIDES = [
    "هر روز صبح از آنجا رد می‌شوم.",
    "همسایه‌هایم هم سال‌هاست همین را می‌گویند.",
    "دو سال پیش به اینجا آمدیم و همان موقع متوجه شدیم.",
    "در زمستان که هوا زود تاریک می‌شود مهم‌تر است.",
    "سالمندان ساختمان ما هم از آن بهره می‌برند.",
    "این را در جلسه قبلی اهالی هم گفتم.",
    "مغازه‌دارهایی که با آن‌ها حرف زدم موافق‌اند.",
    "با بچه‌هایم از آنجا دوچرخه‌سواری می‌کنم.",
]
FA_CLOSINGS = [
    "ممنون که پیشنهادش را دادید.",
    "ببینیم شهرداری چه می‌گوید.",
    "من هم هستم.",
    "امیدوارم زود جواب بدهند.",
    "اگر داوطلب لازم باشد کمک می‌کنم.",
    "امیدوارم بشود.",
    "ما را در جریان بگذارید.",
    "موفق باشید.",
]


def proposal_text(rng: random.Random, persian: bool) -> tuple[str, str, str]:
    """(title, body, subject): the subject is the title without its place."""
    subjects, places = (FA_SUBJECTS, FA_PLACES) if persian else (EN_SUBJECTS, EN_PLACES)
    problems, benefits = (FA_PROBLEMS, FA_BENEFITS) if persian else (EN_PROBLEMS, EN_BENEFITS)
    subject, action = rng.choice(subjects)
    place = rng.choice(places)
    title = f"{subject} {place}"
    # Persian puts the verb last: "<place> <object> <verb>".
    request = f"{place} {action}." if persian else f"{action} {place}."
    lines = [request, rng.choice(problems)]
    lines.append(rng.choice(benefits))
    if rng.random() < 0.15:
        lines.append(
            "نقشه پیشنهادی: https://example.org/plan" if persian else
            "A sketch of the plan: https://example.org/plan"
        )  # fmt: skip
    return title, "\n\n".join(lines), subject


def comment_text(rng: random.Random, persian: bool, *, reply: bool, official: bool) -> str:
    if official:
        return rng.choice(FA_OFFICIAL if persian else EN_OFFICIAL)
    if reply:
        first = rng.choice(FA_REPLIES if persian else EN_REPLIES)
    else:
        first = rng.choice(FA_COMMENTS if persian else EN_COMMENTS)
    asides, closings = (FA_ASIDES, FA_CLOSINGS) if persian else (EN_ASIDES, EN_CLOSINGS)
    return f"{first} {rng.choice(asides)} {rng.choice(closings)}"
