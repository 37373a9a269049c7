# ruff: noqa: RUF001 (Persian text)
"""Words that mean the same civic thing, in English and Persian, for similar-proposal hints.

Each concept is a set of words or short phrases ("bike rack", "bicycle parking", "پارکینگ
دوچرخه" are one thing to a citizen looking for an existing proposal). proposals/similarity.py
reads a text into concepts: a phrase is tried before its words, a word as written before its
stem, and a word that belongs to no concept stands for itself (its stem).

GENERIC words (street, city, محله, …) say where rather than what: they count for less, so two
proposals about different things on the same street are not "similar". STOPWORDS count for
nothing. Keep entries lower case, as typed (folding and stemming happen when the table loads).
"""

CONCEPTS = {
    "bicycle": "bike bikes bicycle bicycles cycling cyclist cyclists دوچرخه دوچرخه‌سواری دوچرخه‌سوار",
    "cycle-lane": "|bike lane|cycle lane|bike path|cycle path|cycleway|cycle track|bike track|"
    "مسیر دوچرخه|خط دوچرخه|مسیر ویژه دوچرخه|مسیر دوچرخه‌سواری",
    "parking": "parking|rack|racks|stand|stands|car park|car parks|پارکینگ|جای پارک|پارک خودرو|"
    "پارک کردن|جای پارک دوچرخه",
    "park": "park parks|green space|پارک|بوستان|فضای سبز",
    "station": "station stations ایستگاه",
    "train": "train trains railway rail راه‌آهن قطار",
    "bus": "bus buses اتوبوس",
    "bus-stop": "|bus stop|bus stops|ایستگاه اتوبوس",
    "night": "night nights late evening evenings nighttime overnight midnight شب شبانه شب‌ها "
    "عصر عصرها نیمه‌شب|آخر شب|نیمه شب",
    "weekend": "weekend weekends sunday sundays saturday saturdays holiday holidays "
    "تعطیلات تعطیل جمعه جمعه‌ها|آخر هفته",
    "weekly": "weekly|every week|هفتگی|هر هفته",
    "centre": "centre center downtown central|city centre|city center|town centre|town center|"
    "مرکز|مرکزی|مرکز شهر",
    "car": "car cars vehicle vehicles driver drivers driving motorist motorists traffic "
    "خودرو خودروها ماشین ماشین‌ها اتومبیل تردد رانندگان راننده",
    "pedestrian": "pedestrian pedestrians pedestrianised pedestrianized walk walking|car free|"
    "car-free|pedestrian zone|pedestrian street|no cars|پیاده|پیاده‌روی|بدون خودرو|بدون ماشین|"
    "عابر|عابران",
    "limit": "ban banned limit limits restrict restriction stop prohibit close closed closing "
    "ممنوع ممنوعیت بسته بستن محدود|محدود کردن|جلوگیری",
    "pothole": "pothole potholes hole holes چاله چاله‌ها",
    "repair": "fix fixed fixing repair repairs repaired repairing mend ترمیم تعمیر|درست کردن|"
    "پر کنید|پر کردن|بازسازی",
    "surface": "surface asphalt tarmac آسفالت",
    "light": "light lights lighting lit lamp lamps streetlight streetlights floodlight "
    "floodlights bright brighter روشنایی چراغ نور نورافکن|street light|street lights|"
    "street lighting",
    "signal": "signals|traffic light|traffic lights|traffic signal|traffic signals|"
    "چراغ راهنمایی|چراغ راهنما",
    "junction": "junction junctions intersection crossroads تقاطع چهارراه",
    "underpass": "underpass tunnel subway زیرگذر تونل",
    "playground": "playground playgrounds swing swings slide slides play|play area|"
    "تاب سرسره|وسایل بازی|زمین بازی|بازی",
    "child": "child children kid kids بچه بچه‌ها کودک کودکان",
    "seat": "bench benches seat seats seating sit نیمکت صندلی",
    "river": "river riverside waterfront رودخانه رود",
    "dog": "dog dogs|dog park|سگ",
    "leash": "leash unleashed|off leash|off-leash|off the lead|off lead|بدون قلاده|قلاده",
    "library": "library libraries کتابخانه",
    "open": "open opening reopen reopening hours باز بازگشایی|ساعت کار",
    "recycling": "recycle recycling recyclable recyclables بازیافت",
    "bin": "bin bins container containers سطل",
    "waste": "waste litter rubbish trash garbage refuse زباله آشغال",
    "crossing": "crossing crosswalk|zebra crossing|pedestrian crossing|گذرگاه|خط عابر|"
    "خط عابر پیاده|عابر پیاده",
    "school": "school schools primary دبستان مدرسه مدرسه‌ها مدارس",
    "speed-bump": "hump humps|speed bump|speed bumps|speed hump|traffic calming|سرعت‌گیر|سرعت گیر",
    "tree": "tree trees درخت درختان درختکاری",
    "plant": "plant planting planted grow growing کاشت کاشتن بکارند کاشته",
    "shopping": "shop shops shopping|high street|shopping street|بازارچه|خیابان خرید|خرید",
    "toilet": "toilet toilets restroom restrooms loo wc توالت دستشویی|سرویس بهداشتی",
    "market": "market markets marketplace bazaar بازار",
    "square": "square plaza میدان",
    "fountain": "fountain fountains|drinking water|water fountain|آبخوری|آب آشامیدنی",
    "noise": "noise noisy loud sound سروصدا صدا|سر و صدا",
    "construction": "construction|building work|building site|building sites|builders|"
    "ساخت‌وساز|ساختمان‌سازی|کارگاه ساختمانی|ساختمانی",
    "graffiti": "graffiti tag tags دیوارنویسی دیوارنوشته|دیوار نوشته",
    "clean": "clean cleaning cleaned clear clearing cleared remove removal پاک پاکسازی|پاک کردن",
    "bridge": "bridge bridges پل",
    "shelter": "shelter shelters covered canopy سایبان سرپوشیده",
    "roof": "roof roofs rooftop rooftops بام پشت‌بام سقف",
    "pool": "pool pools swimming swim|swimming pool|استخر|شنا",
    "internet": "wifi wi-fi internet wireless online اینترنت وای‌فای|بی‌سیم|وای فای",
    "free": "free|free of charge|no charge|رایگان|بدون هزینه|مجانی",
    "garden": "allotment allotments garden gardens|community garden|باغچه|باغ",
    "vegetable": "vegetable vegetables veg produce سبزی سبزیجات",
    "empty": "empty vacant blank bare unused خالی بایر",
    "land": "land lot lots plot plots ground field fields pitch pitches زمین",
    "snow": "snow ice icy gritting grit برف یخ برف‌روبی",
    "sidewalk": "sidewalk sidewalks pavement pavements footpath footpaths paving "
    "پیاده‌رو پیاده‌روها سنگفرش|پیاده رو",
    "flood": "flood floods flooding flooded waterlogging آب‌گرفتگی سیل|آب گرفتگی",
    "drain": "drain drains drainage gutter gutters sewer sewers جوی جوی‌ها لایروبی فاضلاب",
    "electric": "electric electrical ev evs برقی",
    "charger": "charger chargers charging|charging point|charging points|charging station|"
    "charging stations|شارژر|شارژ|ایستگاه شارژ",
    "cheaper": "cheap cheaper lower lowered reduce reduced discount discounted ارزان ارزان‌تر "
    "کاهش تخفیف",
    "fee": "fee fees charge charges cost costs price prices pay tariff هزینه پول بها عوارض",
    "resident": "resident residents locals inhabitants neighbours neighbors ساکن ساکنان اهالی "
    "همسایه همسایه‌ها",
    "youth": "youth teen teens teenager teenagers adolescent adolescents|young people|"
    "youth club|youth centre|youth center|نوجوان|نوجوانان|جوان|جوانان",
    "culture": "culture cultural|community centre|community center|فرهنگسرا|مرکز فرهنگی|فرهنگی",
    "senior": "senior seniors elderly older pensioner pensioners|older people|old people|"
    "سالمند|سالمندان",
    "transport": "transport transportation shuttle ride rides|رفت و آمد|رفت‌وآمد|سرویس",
    "clinic": "clinic clinics doctor doctors gp surgery|health centre|درمانگاه|پزشک|دکتر|کلینیک",
    "farmer": "farmer farmers grower growers کشاورز کشاورزان",
    "air": "air|air quality|air pollution|هوا|آلودگی هوا|کیفیت هوا",
    "measure": "measure measuring measurement monitor monitors monitoring sensor sensors "
    "سنجش حسگر پایش|اندازه‌گیری",
    "access": "access accessible accessibility wheelchair wheelchairs disabled disability "
    "ramp ramps|step free|step-free|رمپ|ویلچر|معلول|معلولان|سطح شیبدار|شیبدار",
    "town-hall": "|town hall|city hall|شهرداری|ساختمان شهرداری",
    "cat": "cat cats گربه",
    "stray": "stray strays feral ownerless ولگرد|بی‌صاحب|خیابانی",
    "care": "help care|look after|کمک|رسیدگی",
    "football": "football soccer|فوتبال|زمین فوتبال",
    "mural": "mural murals|street art|wall painting|نقاشی دیواری|دیوارنگاری",
    "paint": "paint painting paintings نقاشی",
    "art": "art arts artist artists هنر هنرمند هنرمندان",
    "wall": "wall walls دیوار",
    "solar": "solar sun|solar panel|solar panels|خورشیدی|پنل خورشیدی",
    "energy": "power electricity energy برق انرژی",
    "tram": "tram trams tramway metro subway underground|light rail|مترو|تراموا",
    "hospital": "hospital hospitals بیمارستان",
    "collect": "collect collection collections|pick up|pickup|جمع‌آوری|جمع آوری",
    "furniture": "furniture sofa sofas fridge fridges mattress mattresses bulky|old furniture|"
    "مبل|یخچال|لوازم|حجیم",
    "cinema": "cinema film films movie movies screening|open air cinema|outdoor cinema|سینما|"
    "فیلم|سینمای روباز",
    "concert": "concert concerts music موسیقی کنسرت",
    "outdoor": "outdoor outdoors|open air|open-air|روباز|فضای باز",
    "summer": "summer summers تابستان تابستانی",
    "event": "event events festival festivals برنامه برنامه‌ها جشنواره",
    "ring-road": "bypass|ring road|کمربندی|بزرگراه",
    "separate": "separate separated segregated protected جدا ویژه",
    "irrigation": "irrigation irrigate watering آبیاری",
    "greywater": "greywater graywater|grey water|gray water|treated water|wastewater|پساب|"
    "آب خاکستری",
}


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


GENERIC = _words(
    """street streets road roads avenue st rd ave main city town area areas local
    neighbourhood neighborhood district public people community old place places day
    خیابان کوچه جاده شهر محله منطقه عمومی مردم محلی اصلی قدیمی جا جای روز"""
)

STOPWORDS = _words(
    """a an the of for on in at to and or with by from near next along outside inside into
    onto is are be been being more most new please our we us you need needs needed should
    must every all some again keep make making add get have has this that these those there
    their its it as up off about too very much many so than better improve improved
    improvement let can cannot will would could also just only own one two
    و در به از با برای که این آن را تا هم یا بر روی کنار جلوی نزدیک بیشتر بهتر جدید نو
    شود باشد بشود کنید کنند کردن کنیم کند شده ها های هایی ای ی تر ترین دوباره بیش همه
    ما شما ایجاد افزایش"""
)
