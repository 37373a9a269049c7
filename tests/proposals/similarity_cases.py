# ruff: noqa: RUF001 (Persian text)
"""An evaluation set for similar-proposal hints (proposals/similarity.py).

Existing proposals (key, title, body) in English and in Persian, on municipal topics; what a
citizen might type instead (a paraphrase: synonyms, rewordings, other word forms, Arabic
letters or digits) with the key of the proposal it means; and titles about something no
proposal here is about, which must get no hint. Used by tests/proposals/test_similar_recall.py
and by the `similarity` section of `python -m demo.bench`.
"""

ENGLISH_PROPOSALS = [
    (
        "bike-racks",
        "Bike racks at the train station",
        "There is nowhere to lock a bicycle at the station, people chain them to the fence.",
    ),
    (
        "night-buses",
        "Late buses on weekends",
        "The last bus leaves at eleven; people working evenings walk home in the dark.",
    ),
    (
        "centre-car-free",
        "Car-free city centre on Sundays",
        "Close the central streets to cars one day a week so people can walk and meet.",
    ),
    (
        "potholes",
        "Fix the potholes on Mill Road",
        "The road surface is broken in many places and cyclists fall.",
    ),
    (
        "streetlights",
        "Brighter street lighting in the underpass",
        "The tunnel under the railway is dark at night and people feel unsafe.",
    ),
    (
        "playground",
        "New playground equipment in Riverside Park",
        "The swings and slide are old and rusty; children need a safe place to play.",
    ),
    (
        "benches",
        "More benches along the river walk",
        "Older residents cannot walk far without somewhere to sit down and rest.",
    ),
    (
        "dog-park",
        "A fenced area for dogs",
        "Dog owners need a place where dogs can run off the lead without scaring children.",
    ),
    (
        "library-hours",
        "Keep the library open in the evenings",
        "Students and workers cannot visit before it closes at five.",
    ),
    (
        "recycling",
        "Recycling bins for glass and plastic",
        "Our street has only general waste bins, so bottles end up in landfill.",
    ),
    (
        "crossing",
        "A pedestrian crossing outside the primary school",
        "Children cross a busy road on their way to school with no zebra crossing.",
    ),
    (
        "speed-bumps",
        "Speed bumps on Elm Avenue",
        "Drivers race down the avenue; slow the traffic near the houses.",
    ),
    (
        "trees",
        "Plant trees on the high street",
        "The shopping street has no shade in summer; plant a row of trees.",
    ),
    (
        "public-toilets",
        "Public toilets in the market square",
        "Visitors and stallholders have no toilet nearby.",
    ),
    (
        "water-fountains",
        "Drinking water fountains in parks",
        "In hot weather there is nowhere to refill a bottle.",
    ),
    (
        "noise",
        "Limit construction noise at night",
        "Building sites work until midnight and neighbours cannot sleep.",
    ),
    (
        "graffiti",
        "Clean the graffiti off the old bridge",
        "The historic bridge is covered with spray paint.",
    ),
    (
        "bus-shelters",
        "Shelters at bus stops",
        "People wait in the rain; put a roof and a seat at every stop.",
    ),
    (
        "swimming-pool",
        "Reopen the public swimming pool",
        "The pool closed three years ago and children have nowhere to learn to swim.",
    ),
    (
        "free-wifi",
        "Free wifi in the town hall square",
        "Offer a wireless internet connection for residents and visitors.",
    ),
    (
        "allotments",
        "Community gardens on empty lots",
        "Let residents grow vegetables on vacant land owned by the city.",
    ),
    (
        "snow",
        "Clear snow from the pavements",
        "In winter the sidewalks are icy and older people fall.",
    ),
    (
        "flooding",
        "Better drainage to stop flooding on Station Road",
        "Every heavy rain the road floods because the drains are blocked.",
    ),
    (
        "ev-chargers",
        "Charging points for electric cars",
        "Install chargers in public car parks so residents can switch to electric vehicles.",
    ),
    (
        "parking-fees",
        "Lower parking charges for residents",
        "Residents pay too much to park near their own homes.",
    ),
    (
        "youth-centre",
        "A youth club for teenagers",
        "Young people have nothing to do after school; open a centre with sports and music.",
    ),
    (
        "senior-transport",
        "Transport for elderly residents to the clinic",
        "Older people without a car struggle to reach their doctor.",
    ),
    (
        "market",
        "A weekly farmers market",
        "Local growers could sell fresh produce in the square every Saturday.",
    ),
    (
        "litter",
        "More litter bins in the park",
        "Rubbish is left on the grass because the bins are far apart and always full.",
    ),
    (
        "air-quality",
        "Measure air pollution near schools",
        "Put air quality sensors by the schools next to the ring road.",
    ),
    (
        "sidewalk-repair",
        "Repair the broken pavement on Oak Street",
        "The paving stones are cracked and wheelchairs cannot pass.",
    ),
    (
        "cycle-lane",
        "A protected cycle lane on the ring road",
        "Separate bikes from cars with a kerb so cycling feels safe.",
    ),
    (
        "skate-park",
        "Build a skate park",
        "Skateboarders use the car park because they have no place of their own.",
    ),
    (
        "ramps",
        "Wheelchair ramps at the town hall",
        "The entrance has only stairs; disabled people cannot get in.",
    ),
    (
        "stray-cats",
        "Care for stray cats",
        "Fund a programme to feed, neuter and rehome street cats.",
    ),
    (
        "sports-field",
        "Floodlights for the football pitch",
        "Teams cannot train after dark in winter.",
    ),
    (
        "murals",
        "Murals by local artists on blank walls",
        "Invite artists to paint the grey walls of the car park.",
    ),
    (
        "solar",
        "Solar panels on school roofs",
        "Schools could produce their own electricity and teach children about energy.",
    ),
    (
        "tram",
        "Extend the tram line to the hospital",
        "Patients and staff need a direct tram to the hospital.",
    ),
    (
        "bulky-waste",
        "Free collection of bulky waste",
        "Old sofas and fridges are dumped on the street because collection costs money.",
    ),
    (
        "night-market",
        "Summer evening events in the park",
        "Open-air cinema and concerts on summer nights.",
    ),
    (
        "traffic-lights",
        "Traffic lights at the Main Street junction",
        "Cars turning at the junction nearly hit pedestrians every day.",
    ),
]

ENGLISH_QUERIES = [
    ("Bicycle parking near the railway station", "bike-racks"),
    ("Night bus service at the weekend", "night-buses"),
    ("Ban cars downtown on Sunday", "centre-car-free"),
    ("Potholes in Mill Rd need repairing", "potholes"),
    ("Better lights in the tunnel", "streetlights"),
    ("New swings for the kids at Riverside playground", "playground"),
    ("Seats by the river path", "benches"),
    ("Off-leash dog park", "dog-park"),
    ("Longer library opening hours", "library-hours"),
    ("Bins for recycling bottles and plastics", "recycling"),
    ("Zebra crossing by the school", "crossing"),
    ("Traffic calming humps on Elm Ave", "speed-bumps"),
    ("More trees on the shopping street", "trees"),
    ("Toilets at the market", "public-toilets"),
    ("Water fountains in the park", "water-fountains"),
    ("Stop noisy building work late at night", "noise"),
    ("Remove graffiti from the bridge", "graffiti"),
    ("Covered bus stops", "bus-shelters"),
    ("Open the swimming pool again", "swimming-pool"),
    ("Free wi-fi in the square", "free-wifi"),
    ("Allotments for growing vegetables", "allotments"),
    ("Snow clearing on sidewalks", "snow"),
    ("Drains on Station Road keep flooding", "flooding"),
    ("EV charging stations", "ev-chargers"),
    ("Cheaper resident parking", "parking-fees"),
    ("Youth centre for teens", "youth-centre"),
    ("Transport for older people to the doctor", "senior-transport"),
    ("Farmers' market every week", "market"),
    ("More rubbish bins in the park", "litter"),
    ("Air quality monitors at schools", "air-quality"),
    ("Broken sidewalk on Oak St", "sidewalk-repair"),
    ("Segregated bike lane on the ring road", "cycle-lane"),
    ("Skateboard park", "skate-park"),
    ("Step-free access to the town hall", "ramps"),
    ("Help for street cats", "stray-cats"),
    ("Lights for the football field", "sports-field"),
    ("Street art on empty walls", "murals"),
    ("Solar power for schools", "solar"),
    ("Tram to the hospital", "tram"),
    ("Pick up old furniture for free", "bulky-waste"),
    ("Outdoor cinema in the park on summer evenings", "night-market"),
    ("Traffic signals at the junction on Main St", "traffic-lights"),
    ("Bike stands at the station", "bike-racks"),
    ("Late night buses", "night-buses"),
    ("Pedestrian zone in the town centre", "centre-car-free"),
]

ENGLISH_UNRELATED = [
    "Zoning for a new cemetery",
    "Tax on second homes",
    "Translate council letters into more languages",
    "Twin town partnership with a city abroad",
    "Publish the council budget online",
    "Ban fireworks sales",
    "Longer terms for the mayor",
    "Training for volunteer firefighters",
    "Subsidies for home insulation",
    "A museum of local history",
    "Rules for short-term holiday rentals",
    "Council meetings streamed on video",
    "Vaccination clinic for pets",
    "Lessons in first aid for everyone",
    "Protect the bats in the church tower",
    "A citizens' jury on housing",
    "Hire more social workers",
    "Rename the council newsletter",
    "Ban smoking at the beach",
    "Affordable childcare places",
    "Paperless council offices",
    "A memorial for the flood victims of 1953",
]

PERSIAN_PROPOSALS = [
    (
        "bike-racks",
        "پارکینگ دوچرخه در ایستگاه قطار",
        "در ایستگاه جایی برای بستن دوچرخه نیست و مردم آن را به نرده می‌بندند.",
    ),
    (
        "night-buses",
        "اتوبوس شبانه در آخر هفته",
        "آخرین اتوبوس ساعت یازده می‌رود و کسانی که عصر کار می‌کنند پیاده به خانه برمی‌گردند.",
    ),
    (
        "centre-car-free",
        "مرکز شهر بدون خودرو در روزهای جمعه",
        "خیابان‌های مرکزی هفته‌ای یک روز روی ماشین‌ها بسته شود تا مردم پیاده‌روی کنند.",
    ),
    (
        "potholes",
        "ترمیم چاله‌های خیابان آزادی",
        "آسفالت خیابان در جاهای زیادی خراب است و موتورسواران زمین می‌خورند.",
    ),
    (
        "streetlights",
        "روشنایی بیشتر در زیرگذر",
        "زیرگذر راه‌آهن شب‌ها تاریک است و مردم احساس ناامنی می‌کنند.",
    ),
    (
        "playground",
        "وسایل بازی نو برای پارک کودک",
        "تاب و سرسره قدیمی و زنگ‌زده‌اند و بچه‌ها جای امنی برای بازی ندارند.",
    ),
    (
        "benches",
        "نیمکت بیشتر در کنار رودخانه",
        "سالمندان بدون جایی برای نشستن نمی‌توانند زیاد راه بروند.",
    ),
    (
        "library-hours",
        "کتابخانه عصرها هم باز باشد",
        "دانشجویان و کارمندان پیش از ساعت پنج که کتابخانه بسته می‌شود وقت ندارند.",
    ),
    (
        "recycling",
        "سطل بازیافت برای شیشه و پلاستیک",
        "در کوچه ما فقط سطل زباله معمولی هست و بطری‌ها به دفن زباله می‌روند.",
    ),
    (
        "crossing",
        "خط عابر پیاده جلوی دبستان",
        "بچه‌ها در مسیر مدرسه از خیابان شلوغ بدون خط عابر رد می‌شوند.",
    ),
    (
        "speed-bumps",
        "سرعت‌گیر در خیابان بهار",
        "رانندگان با سرعت زیاد رانندگی می‌کنند؛ سرعت ماشین‌ها نزدیک خانه‌ها کم شود.",
    ),
    (
        "trees",
        "کاشت درخت در بازارچه",
        "خیابان خرید در تابستان سایه ندارد؛ یک ردیف درخت کاشته شود.",
    ),
    (
        "public-toilets",
        "سرویس بهداشتی عمومی در میدان",
        "بازدیدکنندگان و فروشندگان هیچ دستشویی در نزدیکی ندارند.",
    ),
    (
        "water-fountains",
        "آبخوری در پارک‌ها",
        "در هوای گرم جایی برای پر کردن بطری آب نیست.",
    ),
    (
        "noise",
        "محدود کردن سر و صدای ساخت‌وساز در شب",
        "کارگاه‌های ساختمانی تا نیمه‌شب کار می‌کنند و همسایه‌ها نمی‌توانند بخوابند.",
    ),
    (
        "graffiti",
        "پاک کردن دیوارنویسی از پل قدیمی",
        "پل تاریخی پر از نوشته‌های اسپری شده است.",
    ),
    (
        "bus-shelters",
        "سایبان برای ایستگاه‌های اتوبوس",
        "مردم زیر باران منتظر می‌مانند؛ در هر ایستگاه سقف و صندلی بگذارید.",
    ),
    (
        "swimming-pool",
        "بازگشایی استخر شنای عمومی",
        "استخر سه سال پیش بسته شد و بچه‌ها جایی برای یادگیری شنا ندارند.",
    ),
    (
        "free-wifi",
        "اینترنت رایگان در میدان شهرداری",
        "برای شهروندان و گردشگران اینترنت بی‌سیم فراهم شود.",
    ),
    (
        "allotments",
        "باغچه‌های محله‌ای در زمین‌های خالی",
        "اهالی بتوانند در زمین‌های بایر شهرداری سبزی بکارند.",
    ),
    (
        "snow",
        "برف‌روبی پیاده‌روها",
        "زمستان پیاده‌روها یخ می‌زنند و سالمندان زمین می‌خورند.",
    ),
    (
        "flooding",
        "لایروبی جوی‌ها برای جلوگیری از آب‌گرفتگی خیابان ایستگاه",
        "با هر باران شدید خیابان را آب می‌گیرد چون جوی‌ها گرفته‌اند.",
    ),
    (
        "ev-chargers",
        "ایستگاه شارژ خودروی برقی",
        "در پارکینگ‌های عمومی شارژر نصب شود تا مردم به خودروی برقی روی بیاورند.",
    ),
    (
        "parking-fees",
        "کاهش هزینه پارک خودرو برای ساکنان",
        "ساکنان برای پارک کردن نزدیک خانه خودشان پول زیادی می‌دهند.",
    ),
    (
        "youth-centre",
        "فرهنگسرای نوجوانان",
        "جوانان بعد از مدرسه سرگرمی ندارند؛ مرکزی با ورزش و موسیقی باز شود.",
    ),
    (
        "senior-transport",
        "سرویس رفت و آمد سالمندان به درمانگاه",
        "سالمندانی که ماشین ندارند به سختی به پزشک می‌رسند.",
    ),
    (
        "market",
        "بازار هفتگی کشاورزان",
        "کشاورزان محلی می‌توانند هر شنبه محصول تازه در میدان بفروشند.",
    ),
    (
        "litter",
        "سطل زباله بیشتر در پارک",
        "آشغال روی چمن می‌ماند چون سطل‌ها دور از هم و همیشه پر هستند.",
    ),
    (
        "air-quality",
        "سنجش آلودگی هوا کنار مدرسه‌ها",
        "کنار مدرسه‌های نزدیک بزرگراه حسگر کیفیت هوا نصب شود.",
    ),
    (
        "sidewalk-repair",
        "تعمیر پیاده‌روی خراب خیابان سعدی",
        "سنگفرش ترک خورده و ویلچر نمی‌تواند رد شود.",
    ),
    (
        "cycle-lane",
        "مسیر ویژه دوچرخه در کمربندی",
        "دوچرخه‌ها با جدول از خودروها جدا شوند تا دوچرخه‌سواری امن باشد.",
    ),
    (
        "skate-park",
        "ساخت پیست اسکیت",
        "اسکیت‌بازها در پارکینگ بازی می‌کنند چون جای خودشان را ندارند.",
    ),
    (
        "ramps",
        "رمپ ویلچر در ساختمان شهرداری",
        "ورودی فقط پله دارد و معلولان نمی‌توانند وارد شوند.",
    ),
    (
        "stray-cats",
        "رسیدگی به گربه‌های خیابانی",
        "برای غذا دادن، عقیم‌سازی و سرپناه گربه‌های بی‌صاحب بودجه گذاشته شود.",
    ),
    (
        "sports-field",
        "نورافکن برای زمین فوتبال",
        "تیم‌ها در زمستان بعد از تاریکی نمی‌توانند تمرین کنند.",
    ),
    (
        "murals",
        "نقاشی دیواری هنرمندان محلی",
        "از هنرمندان دعوت شود دیوارهای خاکستری پارکینگ را نقاشی کنند.",
    ),
    (
        "solar",
        "پنل خورشیدی روی بام مدرسه‌ها",
        "مدرسه‌ها برق خودشان را تولید کنند و بچه‌ها درباره انرژی یاد بگیرند.",
    ),
    (
        "metro",
        "امتداد خط مترو تا بیمارستان",
        "بیماران و کارکنان به مترو مستقیم تا بیمارستان نیاز دارند.",
    ),
    (
        "bulky-waste",
        "جمع‌آوری رایگان لوازم حجیم",
        "مبل و یخچال کهنه در کوچه رها می‌شود چون جمع‌آوری آن هزینه دارد.",
    ),
    (
        "evening-events",
        "برنامه‌های شبانه تابستانی در پارک",
        "سینمای روباز و کنسرت در شب‌های تابستان.",
    ),
    (
        "traffic-lights",
        "چراغ راهنمایی در تقاطع خیابان اصلی",
        "خودروهایی که در تقاطع می‌پیچند هر روز نزدیک است به عابران بزنند.",
    ),
    (
        "qanat",
        "آبیاری فضای سبز با آب خاکستری",
        "پارک‌ها با آب آشامیدنی آبیاری می‌شوند؛ از پساب تصفیه‌شده استفاده شود.",
    ),
]

PERSIAN_QUERIES = [
    ("جای پارک دوچرخه کنار ایستگاه راه‌آهن", "bike-racks"),
    ("اتوبوس‌های آخر شب در تعطیلات", "night-buses"),
    ("ممنوعیت تردد ماشین در مرکز شهر", "centre-car-free"),
    ("چاله‌های خیابان آزادی را پر کنید", "potholes"),
    ("چراغ بیشتر در زیرگذر", "streetlights"),
    ("تاب و سرسره نو برای بچه‌ها", "playground"),
    ("صندلی کنار رود", "benches"),
    ("ساعت کار طولانی‌تر کتابخانه", "library-hours"),
    ("سطل‌های بازیافت بطری و پلاستیک", "recycling"),
    ("گذرگاه عابر پیاده کنار مدرسه", "crossing"),
    ("سرعتگیر خیابان بهار", "speed-bumps"),
    ("درختکاری در خیابان خرید", "trees"),
    ("توالت عمومی در میدان", "public-toilets"),
    ("آب آشامیدنی در پارک", "water-fountains"),
    ("سروصدای ساختمان‌سازی نیمه‌شب", "noise"),
    ("پاکسازی دیوارنوشته‌های پل", "graffiti"),
    ("ایستگاه اتوبوس سرپوشیده", "bus-shelters"),
    ("استخر عمومی دوباره باز شود", "swimming-pool"),
    ("وای‌فای رایگان در میدان", "free-wifi"),
    ("باغچه برای کاشت سبزی", "allotments"),
    ("برفروبی پیاده رو", "snow"),
    ("آبگرفتگی خیابان ایستگاه بعد از باران", "flooding"),
    ("شارژر ماشین برقی", "ev-chargers"),
    ("پارکینگ ارزان‌تر برای اهالی", "parking-fees"),
    ("مرکز فرهنگی برای جوانان", "youth-centre"),
    ("رفت‌وآمد سالمندان به پزشک", "senior-transport"),
    ("بازار کشاورزان هر هفته", "market"),
    ("سطل آشغال بیشتر در پارک", "litter"),
    ("حسگر آلودگی هوا در مدارس", "air-quality"),
    ("پیاده رو خراب خیابان سعدی", "sidewalk-repair"),
    ("خط دوچرخه جدا در کمربندی", "cycle-lane"),
    ("پیست اسکیت‌بورد", "skate-park"),
    ("سطح شیبدار برای معلولان در شهرداری", "ramps"),
    ("کمک به گربه‌های ولگرد", "stray-cats"),
    ("روشنایی زمین فوتبال", "sports-field"),
    ("دیوارنگاری روی دیوارهای خالی", "murals"),
    ("انرژی خورشیدی برای مدارس", "solar"),
    ("مترو تا بیمارستان", "metro"),
    ("جمع آوری مبل کهنه بدون هزینه", "bulky-waste"),
    ("سینمای روباز در پارک در شب‌های تابستان", "evening-events"),
    ("چراغ راهنما در تقاطع خیابان اصلی", "traffic-lights"),
    ("استفاده از پساب برای آبیاری پارک‌ها", "qanat"),
    # Arabic letters and digits, as a keyboard without Persian letters types them.
    ("پاركينگ دوچرخه در ايستگاه قطار", "bike-racks"),
    ("اتوبوس شبانه", "night-buses"),
    ("کاهش هزینه پارک برای ساکنان محله ۳", "parking-fees"),
]

PERSIAN_UNRELATED = [
    "منطقه‌بندی برای آرامستان جدید",
    "مالیات بر خانه‌های دوم",
    "ترجمه نامه‌های شورا به زبان‌های دیگر",
    "خواهرخواندگی با شهری در خارج",
    "انتشار بودجه شورا در اینترنت",
    "ممنوعیت فروش ترقه",
    "دوره طولانی‌تر برای شهردار",
    "آموزش آتش‌نشانان داوطلب",
    "یارانه برای عایق‌کاری خانه‌ها",
    "موزه تاریخ محلی",
    "قوانین اجاره کوتاه‌مدت خانه",
    "پخش زنده جلسات شورا",
    "واکسیناسیون حیوانات خانگی",
    "آموزش کمک‌های اولیه برای همه",
    "حفاظت از خفاش‌های برج کلیسا",
    "هیئت منصفه شهروندی درباره مسکن",
    "استخدام مددکار اجتماعی بیشتر",
    "تغییر نام خبرنامه شورا",
    "ممنوعیت سیگار در ساحل",
    "مهدکودک ارزان",
    "اداره‌های بدون کاغذ",
    "یادبود قربانیان سیل ۱۳۳۲",
]

LANGUAGES = {
    "en": (ENGLISH_PROPOSALS, ENGLISH_QUERIES, ENGLISH_UNRELATED),
    "fa": (PERSIAN_PROPOSALS, PERSIAN_QUERIES, PERSIAN_UNRELATED),
}


def load_cases(consultation) -> dict[tuple[str, str], int]:
    """Store every proposal of the set in `consultation`; (language, key) -> proposal id."""
    from django.utils import timezone

    from proposals.models import Proposal

    ids = {}
    for language, (proposals, _queries, _unrelated) in LANGUAGES.items():
        for key, title, body in proposals:
            proposal = Proposal.objects.create(
                consultation=consultation, author=None, state="published",
                published_at=timezone.now(), title=title, body=body,
            )  # fmt: skip
            ids[language, key] = proposal.pk
    return ids


def evaluate(consultation, ids, *, limit: int = 5) -> dict[str, dict]:
    """Per language: recall at `limit`, the queries that missed, unrelated titles with hints."""
    from proposals.similarity import similar_proposals

    figures = {}
    for language, (_proposals, queries, unrelated) in LANGUAGES.items():
        missed = []
        for query, key in queries:
            found = similar_proposals(consultation=consultation, title=query, limit=limit)
            if ids[language, key] not in [p.pk for p in found]:
                missed.append(query)
        hinted = [t for t in unrelated if similar_proposals(consultation=consultation, title=t)]
        figures[language] = {
            "queries": len(queries),
            "recall": 1 - len(missed) / len(queries),
            "missed": missed,
            "unrelated": len(unrelated),
            "false_positives": hinted,
        }
    return figures
