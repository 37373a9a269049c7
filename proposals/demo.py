# ruff: noqa: RUF001  (Persian demo content: Arabic-script letters on purpose)
"""Demo citizen content (DESIGN.md §8): proposals, versions, supports, comments, follows and
inbox notifications for every consultation of the demo municipality, in English and Persian.

Bulk inserts in batches, so a city-scale run (100,000 proposals, 1,000,000 supports) takes
minutes; a handful of showcase rows for the demo citizen account go through the service
functions, so their audit trail and notifications are the real ones. Stored counts
(`support_count`, `comment_count`, `SupportBudget.used`, `ConsultationTally`) are recounted
from the rows in SQL at the end of each consultation.

Rules hold as in the services: supports only on published proposals, inside the voting
window, once per citizen, within `max_supports_per_citizen`, never on one's own proposal
unless `allow_own_support`, only by verified residents where required. Pre-moderation
consultations have proposals waiting for a moderator and a moderator's decision behind every
published one. Rejected and hidden content and official responses are seeded by the
moderation and response steps that run after this one.

Idempotent: a consultation that already has proposals is left alone. Deterministic: each
consultation draws from its own random generator, seeded by `--seed` and its slug.
"""

import random
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from decimal import Decimal
from itertools import accumulate

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from consultations import roles
from consultations.models import Area, ConsultationPage
from consultations.phases import Phase
from proposals.notifications.services import proposal_link

from . import rules, services
from .exceptions import JourneyError
from .models import (
    Comment,
    ConsultationTally,
    Follow,
    ModerationDecision,
    ModerationState,
    Notification,
    Proposal,
    ProposalTopic,
    ProposalVersion,
    ReasonCode,
    ResidentVerification,
    ResponseAssignment,
    Support,
    SupportBudget,
)
from .moderation.models import DecisionAction
from .tokens import voter_token

State = ModerationState
BATCH = 2000
DEMO_CITIZEN = "citizen@example.org"
# The demo city: district centres scatter around this point (Tehran's centre, roughly).
CITY = (35.6997, 51.3380)

# --- words ------------------------------------------------------------------------------

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


def _proposal_text(rng: random.Random, persian: bool) -> tuple[str, str, str]:
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


def _comment_text(rng: random.Random, persian: bool, *, reply: bool, official: bool) -> str:
    if official:
        return rng.choice(FA_OFFICIAL if persian else EN_OFFICIAL)
    if reply:
        return rng.choice(FA_REPLIES if persian else EN_REPLIES)
    return rng.choice(FA_COMMENTS if persian else EN_COMMENTS)


# --- helpers ----------------------------------------------------------------------------

TIMESTAMPED = [
    (Proposal, "created_at"),
    (Support, "created_at"),
    (Comment, "created_at"),
    (Follow, "created_at"),
    (Notification, "created_at"),
    (ModerationDecision, "created_at"),
    (ResidentVerification, "created_at"),
]


@contextmanager
def given_timestamps() -> Iterator[None]:
    """Let bulk inserts keep the creation times we give (spread over each schedule) instead
    of `auto_now_add`'s "now"; restored afterwards."""
    fields = [model._meta.get_field(name) for model, name in TIMESTAMPED]
    saved = [field.auto_now_add for field in fields]
    for field in fields:
        field.auto_now_add = False
    try:
        yield
    finally:
        for field, value in zip(fields, saved, strict=True):
            field.auto_now_add = value


def _between(rng: random.Random, start: datetime, end: datetime, skew: float = 1.0) -> datetime:
    """A moment in [start, end); skew > 1 favours the start (activity fades over time)."""
    span = (end - start).total_seconds()
    if span <= 0:
        return start
    return start + timedelta(seconds=span * (rng.random() ** skew))


def _insert(model, rows: list, *, ignore_conflicts: bool = False) -> list:
    """Bulk insert in batches; returns the rows (with primary keys where the database tells)."""
    for start in range(0, len(rows), BATCH):
        model.objects.bulk_create(
            rows[start : start + BATCH], batch_size=BATCH, ignore_conflicts=ignore_conflicts
        )
    return rows


def insert_supports(rows: list[tuple]) -> None:
    """Insert (proposal id, citizen id, voter token, cast at) rows with one prepared statement:
    supports are the biggest table, and model instances would cost more than the insert."""
    if not rows:
        return
    meta = Support._meta
    columns = ("proposal_id", "citizen_id", "voter_token", "created_at")
    quote = connection.ops.quote_name
    statement = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 (names from the model)
        quote(meta.db_table),
        ", ".join(quote(meta.get_field(c.removesuffix("_id")).column) for c in columns),
        ", ".join(["%s"] * len(columns)),
    )
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.executemany(statement, [(p, c, t, adapt(at)) for p, c, t, at in rows])


def demo_consultations() -> list[ConsultationPage]:
    """Consultations proposals attach to: live pages in the default language, oldest first."""
    return list(
        ConsultationPage.objects.live()
        .filter(locale__language_code=settings.LANGUAGE_CODE)
        .order_by("proposals_open", "pk")
    )


def demo_citizens(ctx) -> list[User]:
    citizens = ctx.created.get("citizens")
    if citizens is None:
        citizens = list(
            User.objects.filter(
                email__startswith="resident", email__endswith="@example.org", is_active=True
            ).order_by("pk")
        )
    return [user for user in citizens if user.is_active]


def _split(total: int, weights: list[float]) -> list[int]:
    """`total` shared out in proportion to `weights`, exactly (largest remainders)."""
    if not weights or sum(weights) <= 0:
        return [0] * len(weights)
    scale = total / sum(weights)
    shares = [w * scale for w in weights]
    parts = [int(s) for s in shares]
    order = sorted(range(len(weights)), key=lambda i: parts[i] - shares[i])
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _area_centre(area: Area) -> tuple[float, float]:
    spot = random.Random(f"area:{area.slug}")
    return CITY[0] + spot.uniform(-0.06, 0.06), CITY[1] + spot.uniform(-0.09, 0.09)


def _window(consultation: ConsultationPage, now: datetime) -> dict:
    """When things could happen in this consultation, as seen at `now`."""
    proposals_end = min(consultation.proposals_close, now)
    voting_end = min(consultation.voting_close, now)
    return {
        "proposals": (consultation.proposals_open, proposals_end),
        "voting": (consultation.voting_open, voting_end),
        "comments": (consultation.proposals_open, min(consultation.responses_due, now)),
    }


def _ensure_residents(citizens: list[User], rng: random.Random) -> set[int]:
    """About two citizens in three are verified residents (census match); returns their ids."""
    existing = set(
        ResidentVerification.objects.filter(user__in=citizens).values_list("user_id", flat=True)
    )
    # One draw per citizen, whoever exists already, so reruns choose the same people.
    chosen = [u for u in citizens if rng.random() < 0.67]
    wanted = [u for u in chosen if u.pk not in existing]
    now = timezone.now()
    _insert(
        ResidentVerification,
        [
            ResidentVerification(
                user=u, method=ResidentVerification.Method.CENSUS, created_at=now - timedelta(60)
            )
            for u in wanted
        ],
        ignore_conflicts=True,
    )
    return existing | {u.pk for u in chosen}


# --- the step ---------------------------------------------------------------------------


def seed(ctx) -> None:
    now = timezone.now()
    consultations = demo_consultations()
    if not consultations:
        ctx.log("proposals: no consultations to fill, skipped")
        return
    citizens = demo_citizens(ctx)
    if not citizens:
        ctx.log("proposals: no citizens to write proposals, skipped")
        return
    # Proposals and supports are shared out over the consultations that could have them.
    fresh = [c for c in consultations if not Proposal.objects.filter(consultation=c).exists()]
    active = [c for c in consultations if c.proposals_open <= now]
    voting = [c for c in active if c.voting_open <= now]
    proposal_shares = dict(zip(active, _split(ctx.proposals, [1.0] * len(active)), strict=True))
    support_shares = dict(zip(voting, _split(ctx.supports, [1.0] * len(voting)), strict=True))
    demo_citizen = ctx.accounts.get("citizen") or User.objects.filter(email=DEMO_CITIZEN).first()
    residents: set[int] | None = None
    totals: dict[str, int] = defaultdict(int)
    with given_timestamps():
        # Supports a consultation's rules leave unused go to the next one; the most
        # constrained consultations go first, so the unlimited ones take what is left.
        carry = 0
        for consultation in sorted(fresh, key=_constraint_order):
            if consultation.requires_verified_resident and residents is None:
                residents = _ensure_residents(citizens, random.Random(f"{ctx.seed}:residents"))
            filler = ConsultationFiller(
                consultation,
                citizens=citizens,
                residents=residents,
                proposals=proposal_shares.get(consultation, 0),
                supports=support_shares[consultation] + carry
                if consultation in support_shares
                else 0,
                rng=random.Random(f"{ctx.seed}:{consultation.slug}"),
                now=now,
            )
            done = filler.run()
            if consultation in support_shares:
                carry = filler.n_supports - done.get("supports", 0)
            for name, count in done.items():
                totals[name] += count
        if carry:
            ctx.log(f"proposals: {carry} supports did not fit the consultations' rules")
    # The showcase runs outside `given_timestamps`: service calls stamp their own times.
    if demo_citizen is not None and ctx.proposals:
        for consultation in fresh:
            for name, count in showcase(consultation, demo_citizen, now=now).items():
                totals[name] += count
    ctx.created["proposal_consultations"] = [c.pk for c in fresh]
    made = ", ".join(f"{totals[name]} {name}" for name in sorted(totals) if totals[name])
    skipped = len(consultations) - len(fresh)
    ctx.log(
        f"proposals: {made or 'nothing new'}"
        + (f" ({skipped} consultation(s) already had proposals)" if skipped else "")
    )


def _constraint_order(consultation) -> tuple:
    limit = consultation.max_supports_per_citizen
    return (limit == 0, limit, not consultation.requires_verified_resident, consultation.pk)


class ConsultationFiller:
    """Everything citizens did in one consultation, inserted in bulk, then recounted."""

    def __init__(self, consultation, *, citizens, residents, proposals, supports, rng, now):
        self.c = consultation
        self.citizens = citizens
        self.residents = residents
        self.n_proposals = proposals
        self.n_supports = supports
        self.rng = rng
        self.now = now
        self.window = _window(consultation, now)
        self.pre = consultation.moderation == ConsultationPage.Moderation.PRE
        self.phase = consultation.phase_at(now)
        self.topics = list(consultation.topics.all())
        self.areas = list(consultation.areas.all()) or list(Area.objects.all())
        self.moderators = list(roles.moderators_of(consultation))
        self.officials = list(roles.officials_of(consultation))
        self.moderator_ids = {u.pk for u in self.moderators}
        self.counts: dict[str, int] = defaultdict(int)
        self.support_times: dict[int, list[datetime]] = {}

    @transaction.atomic
    def run(self) -> dict[str, int]:
        if self.n_proposals:
            proposals = self.make_proposals()
            self.make_supports(proposals)
            self.make_comments(proposals)
            self.make_follows(proposals)
            recount(self.c.pk)
            self.mark_thresholds()
        return self.counts

    # proposals ---------------------------------------------------------------------------

    def make_proposals(self) -> list[dict]:
        rng, c = self.rng, self.c
        start, end = self.window["proposals"]
        pending_share = 0.12 if self.pre and self.phase != Phase.CLOSED else 0.0
        rows, meta = [], []
        for _n in range(self.n_proposals):
            author = rng.choice(self.citizens)
            persian = rng.random() < 0.3
            title, body, subject = _proposal_text(rng, persian)
            created = _between(rng, start, end)
            state = State.PENDING if rng.random() < pending_share else State.PUBLISHED
            area = rng.choice(self.areas) if self.areas and rng.random() < 0.7 else None
            lat = lon = None
            if area is not None and rng.random() < 0.6:
                centre = _area_centre(area)
                lat = Decimal(f"{centre[0] + rng.gauss(0, 0.008):.6f}")
                lon = Decimal(f"{centre[1] + rng.gauss(0, 0.008):.6f}")
            edited = rng.random() < 0.12
            published = None
            if state == State.PUBLISHED:
                # Post-moderation: at once; pre-moderation: when a moderator got to it (after
                # any edit, which is only possible before a decision).
                delay = timedelta(hours=rng.uniform(2, 40)) if self.pre else timedelta(0)
                published = min(created + delay, self.now)
            withdrawn = rng.random() < (0.05 if state == State.PUBLISHED else 0.1)
            rows.append(
                Proposal(
                    consultation=c,
                    author=author,
                    title=title,
                    body=body,
                    area=area,
                    latitude=lat,
                    longitude=lon,
                    state=state,
                    created_at=created,
                    published_at=published,
                    edited_at=created + timedelta(minutes=rng.randint(10, 50)) if edited else None,
                )
            )
            tags = []
            if self.topics:
                tags = rng.sample(self.topics, k=min(len(self.topics), rng.choice((1, 1, 2))))
            meta.append(
                {"persian": persian, "tags": tags, "withdrawn": withdrawn, "subject": subject}
            )
        _insert(Proposal, rows)
        self.counts["proposals"] += len(rows)
        for proposal, info in zip(rows, meta, strict=True):
            info["proposal"] = proposal
        self.make_versions(meta)
        self.make_topics(meta)
        self.withdraw(meta)
        self.pre_moderation_trail(meta)
        return meta

    def make_versions(self, meta: list[dict]) -> None:
        versions = []
        for info in meta:
            p = info["proposal"]
            note = FA_EDIT_NOTE if info["persian"] else EN_EDIT_NOTE
            topics = sorted(tag.name for tag in info["tags"])
            common = {
                "proposal": p,
                "topics": topics,
                "area": p.area,
                "latitude": p.latitude,
                "longitude": p.longitude,
                "edited_by": p.author,
            }
            if p.edited_at is None:
                versions.append(
                    ProposalVersion(
                        number=1, title=p.title, body=p.body, edited_at=p.created_at, **common
                    )
                )
                continue
            # The first version lacked the place; the edit added it, and a note says so.
            versions.append(
                ProposalVersion(
                    number=1,
                    title=info["subject"],
                    body=p.body.split("\n\n", 1)[-1],
                    edited_at=p.created_at,
                    **{**common, "latitude": None, "longitude": None},
                )
            )
            p.body = f"{p.body}{note}"
            versions.append(
                ProposalVersion(
                    number=2, title=p.title, body=p.body, edited_at=p.edited_at, **common
                )
            )
            info["edited_body"] = True
        _insert(ProposalVersion, versions)
        edited = [info["proposal"] for info in meta if info.get("edited_body")]
        Proposal.objects.bulk_update(edited, ["body"], batch_size=BATCH)
        self.counts["versions"] += len(versions)

    def make_topics(self, meta: list[dict]) -> None:
        rows = [
            ProposalTopic(content_object=info["proposal"], tag=tag)
            for info in meta
            for tag in info["tags"]
        ]
        _insert(ProposalTopic, rows)

    def withdraw(self, meta: list[dict]) -> None:
        """Some authors withdrew their proposal: its supports before that stay, frozen."""
        decisions, changed = [], []
        for info in meta:
            if not info["withdrawn"]:
                continue
            p = info["proposal"]
            since = p.published_at or p.created_at
            at = _between(self.rng, since, max(self.window["comments"][1], since))
            info["withdrawn_at"] = at
            decisions.append(
                ModerationDecision(
                    moderator=None,
                    consultation=self.c,
                    proposal=p,
                    from_state=p.state,
                    to_state=State.WITHDRAWN,
                    reason=ReasonCode.WITHDRAWN,
                    action=DecisionAction.WITHDRAW,
                    created_at=at,
                )
            )
            info["was"] = p.state
            p.state = State.WITHDRAWN
            changed.append(p)
        Proposal.objects.bulk_update(changed, ["state"], batch_size=BATCH)
        _insert(ModerationDecision, decisions)
        self.counts["withdrawn"] += len(changed)

    def pre_moderation_trail(self, meta: list[dict]) -> None:
        """Pre-moderation: a moderator published each published proposal; the moderators got
        a notification for each one still waiting."""
        if not self.pre:
            return
        moderator = self.moderators[0] if self.moderators else None
        decisions, notes = [], []
        for info in meta:
            p = info["proposal"]
            if p.published_at is not None:
                decisions.append(
                    ModerationDecision(
                        moderator=moderator,
                        consultation=self.c,
                        proposal=p,
                        from_state=State.PENDING,
                        to_state=State.PUBLISHED,
                        action=DecisionAction.PUBLISH,
                        created_at=p.published_at,
                    )
                )
            elif p.state == State.PENDING:
                notes += self.pending_notes(p.title, proposal_link(p), p.created_at, p.author_id)
        _insert(ModerationDecision, decisions)
        _insert(Notification, notes)
        self.counts["notifications"] += len(notes)

    def pending_notes(self, title: str, link: str, at: datetime, author_id) -> list:
        return [
            Notification(
                recipient=moderator,
                kind=Notification.Kind.PENDING,
                params={"title": title, "consultation": self.c.title},
                link=link,
                created_at=at,
                read_at=at + timedelta(hours=3) if self.rng.random() < 0.5 else None,
            )
            for moderator in self.moderators
            if moderator.pk != author_id
        ]

    # supports ----------------------------------------------------------------------------

    def make_supports(self, meta: list[dict]) -> None:
        rng, c = self.rng, self.c
        vote_start, vote_end = self.window["voting"]
        if not self.n_supports or vote_end <= vote_start:
            return
        # Who may support: citizens (verified residents where required).
        voters = [
            u for u in self.citizens if not c.requires_verified_resident or u.pk in self.residents
        ]
        # What: proposals published during voting (until withdrawn, if they were).
        targets = []
        for info in meta:
            p = info["proposal"]
            if p.published_at is None or info.get("was", State.PUBLISHED) != State.PUBLISHED:
                continue
            start = max(vote_start, p.published_at, p.edited_at or p.published_at)
            end = min(vote_end, info.get("withdrawn_at", vote_end))
            if end > start:
                targets.append((p, start, end))
        if not voters or not targets:
            return
        limit = c.max_supports_per_citizen or len(targets)
        # Popularity and activity are heavy-tailed: a few proposals and people do a lot.
        popularity = list(accumulate(rng.paretovariate(1.2) for _ in targets))
        activity = list(accumulate(rng.paretovariate(1.5) for _ in voters))
        top_p, top_a = popularity[-1], activity[-1]
        n_targets = len(targets)
        pairs: set[int] = set()
        used = [0] * len(voters)
        tokens: dict[int, str] = {}
        times: dict[int, list[datetime]] = defaultdict(list)
        rows: list[tuple] = []
        wanted = self.n_supports
        attempts = 0
        max_attempts = 8 * wanted + 1000
        while len(pairs) < wanted and attempts < max_attempts:
            attempts += 1
            vi = bisect_right(activity, rng.random() * top_a)
            # Mostly by popularity, partly at random: the popular ones saturate otherwise.
            if rng.random() < 0.7:
                ti = bisect_right(popularity, rng.random() * top_p)
            else:
                ti = rng.randrange(n_targets)
            vi, ti = min(vi, len(voters) - 1), min(ti, n_targets - 1)
            if used[vi] >= limit:
                continue
            key = ti * len(voters) + vi
            if key in pairs:
                continue
            voter = voters[vi]
            proposal, start, end = targets[ti]
            if proposal.author_id == voter.pk and not c.allow_own_support:
                continue
            pairs.add(key)
            used[vi] += 1
            token = tokens.get(voter.pk)
            if token is None:
                token = tokens[voter.pk] = voter_token(citizen_id=voter.pk, consultation_id=c.pk)
            at = _between(rng, start, end, skew=1.6)
            times[ti].append(at)
            rows.append((proposal.pk, voter.pk, token, at))
            if len(rows) >= BATCH * 5:
                insert_supports(rows)
                rows = []
        insert_supports(rows)
        budgets = [
            SupportBudget(consultation=c, citizen=voters[vi], used=n)
            for vi, n in enumerate(used)
            if n
        ]
        _insert(SupportBudget, budgets)
        self.support_times = {targets[ti][0].pk: sorted(ts) for ti, ts in times.items()}
        self.counts["supports"] += len(pairs)

    # comments ----------------------------------------------------------------------------

    def make_comments(self, meta: list[dict]) -> None:
        rng = self.rng
        end = self.window["comments"][1]
        if self.phase == Phase.UPCOMING:
            return
        threads: list[tuple[Comment, bool, datetime]] = []
        for info in meta:
            p = info["proposal"]
            if p.published_at is None or p.published_at >= end:
                continue
            until = info.get("withdrawn_at", end)
            for _n in range(min(int(rng.paretovariate(1.3)) - 1, 12)):
                official = bool(self.officials) and rng.random() < 0.08
                author = rng.choice(self.officials) if official else rng.choice(self.citizens)
                comment = self.comment(
                    p, author, info["persian"], p.published_at, until, None, official=official
                )
                threads.append((comment, info["persian"], until))
        parents = [thread[0] for thread in threads]
        _insert(Comment, parents)
        replies = []
        for parent, persian, until in threads:
            if parent.state != State.PUBLISHED:
                continue  # one can only reply to a published comment
            for _r in range(rng.choice((0, 0, 0, 1, 1, 2))):
                official = bool(self.officials) and rng.random() < 0.25
                author = rng.choice(self.officials) if official else rng.choice(self.citizens)
                replies.append(
                    self.comment(
                        parent.proposal, author, persian, parent.published_at, until, parent,
                        official=official,
                    )
                )  # fmt: skip
        _insert(Comment, replies)
        every = parents + replies
        self.counts["comments"] += len(every)
        self.comment_trail(every)

    def comment(self, proposal, author, persian, since, until, parent, official=False) -> Comment:
        rng = self.rng
        at = _between(rng, since, max(until, since), skew=1.5)
        text = _comment_text(rng, persian, reply=parent is not None, official=official)
        staff = official or author.pk in self.moderator_ids
        pending = self.pre and not staff and rng.random() < 0.15
        published_at = None
        if not pending:
            published_at = at + (timedelta(hours=rng.uniform(1, 20)) if self.pre and not staff
                                 else timedelta(0))  # fmt: skip
            published_at = min(published_at, self.now)
        return Comment(
            proposal=proposal,
            parent=parent,
            author=author,
            body=text,
            is_official=official,
            state=State.PENDING if pending else State.PUBLISHED,
            created_at=at,
            published_at=published_at,
        )

    def comment_trail(self, comments: list[Comment]) -> None:
        """Pre-moderation: decisions behind published citizens' comments, and the moderators'
        notifications for those waiting."""
        if not self.pre:
            return
        moderator = self.moderators[0] if self.moderators else None
        staff_ids = {u.pk for u in self.moderators} | {u.pk for u in self.officials}
        decisions, notes = [], []
        for comment in comments:
            if comment.state == State.PENDING:
                notes += self.pending_notes(
                    comment.proposal.title,
                    proposal_link(comment.proposal),
                    comment.created_at,
                    comment.author_id,
                )
            elif comment.author_id not in staff_ids:
                decisions.append(
                    ModerationDecision(
                        moderator=moderator,
                        consultation=self.c,
                        comment=comment,
                        from_state=State.PENDING,
                        to_state=State.PUBLISHED,
                        action=DecisionAction.PUBLISH,
                        created_at=comment.published_at,
                    )
                )
        _insert(ModerationDecision, decisions)
        _insert(Notification, notes)
        self.counts["notifications"] += len(notes)

    # follows -----------------------------------------------------------------------------

    def make_follows(self, meta: list[dict]) -> None:
        """Authors follow their proposals (as on submission); some readers follow others'
        proposals or the whole consultation."""
        rng = self.rng
        rows = []
        for info in meta:
            p = info["proposal"]
            rows.append(Follow(follower_id=p.author_id, proposal=p, created_at=p.created_at))
            if p.published_at is None:
                continue
            for follower in {rng.choice(self.citizens) for _n in range(rng.choice((0, 0, 1, 2)))}:
                if follower.pk != p.author_id:
                    at = _between(rng, p.published_at, max(self.now, p.published_at))
                    rows.append(Follow(follower=follower, proposal=p, created_at=at))
        fans = rng.sample(self.citizens, k=max(1, len(self.citizens) // 8))
        rows += [
            Follow(follower=u, consultation=self.c, created_at=self.c.proposals_open) for u in fans
        ]
        _insert(Follow, rows, ignore_conflicts=True)
        self.counts["follows"] += len(rows)

    # thresholds --------------------------------------------------------------------------

    def mark_thresholds(self) -> None:
        """Proposals whose supports crossed the response threshold: the moment it happened,
        the assignment it created and the officials' notification, as `support_cast` does."""
        threshold = self.c.response_threshold
        times = self.support_times
        if not threshold or not times:
            return
        crossed = {pk: ts[threshold - 1] for pk, ts in times.items() if len(ts) >= threshold}
        if not crossed:
            return
        official = self.officials[0] if self.officials else None
        proposals = list(Proposal.objects.filter(pk__in=crossed))
        for p in proposals:
            p.threshold_reached_at = crossed[p.pk]
        Proposal.objects.bulk_update(proposals, ["threshold_reached_at"], batch_size=BATCH)
        assignments, notes = [], []
        for p in proposals:
            at = crossed[p.pk]
            assignments.append(
                ResponseAssignment(
                    proposal=p,
                    consultation=self.c,
                    reason=ResponseAssignment.Reason.THRESHOLD,
                    department_id=self.c.department_id,
                    official=official,
                    assigned_at=at,
                    due_at=at + timedelta(days=self.c.response_due_days),
                )
            )
            params = {"title": p.title, "consultation": self.c.title, "supports": threshold}
            notes += [
                Notification(
                    recipient=o,
                    kind=Notification.Kind.THRESHOLD,
                    params=params,
                    link=proposal_link(p),
                    created_at=at,
                    read_at=at + timedelta(days=1) if self.rng.random() < 0.6 else None,
                )
                for o in self.officials
            ]
        _insert(ResponseAssignment, assignments, ignore_conflicts=True)
        _insert(Notification, notes)
        self.counts["threshold crossings"] += len(proposals)
        self.counts["notifications"] += len(notes)


# --- recount ----------------------------------------------------------------------------


def _count_of(queryset, by: str) -> Coalesce:
    """The number of `queryset` rows whose `by` is the outer row, 0 when none."""
    return Coalesce(
        Subquery(
            queryset.filter(**{by: OuterRef("pk")})
            .order_by()
            .values(by)
            .annotate(n=Count("*"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def recount(consultation_id: int) -> None:
    """Set a consultation's stored counts from its rows, in a few statements.

    `SupportBudget.used` needs no recount: each budget row is written once, with the number
    of supports inserted for that citizen (the tests compare it with the rows).
    """
    proposals = Proposal.objects.filter(consultation_id=consultation_id)
    proposals.update(
        support_count=_count_of(Support.objects.all(), "proposal"),
        comment_count=_count_of(Comment.objects.filter(state=State.PUBLISHED), "proposal"),
    )
    published = proposals.filter(state=State.PUBLISHED).count()
    comments = Comment.objects.filter(
        proposal__consultation_id=consultation_id, state=State.PUBLISHED
    ).count()
    tally, _created = ConsultationTally.objects.get_or_create(consultation_id=consultation_id)
    ConsultationTally.objects.filter(pk=tally.pk).update(proposals=published, comments=comments)


# --- showcase through the services ------------------------------------------------------


def showcase(consultation, citizen, *, now: datetime) -> dict[str, int]:
    """The demo citizen's own activity, through the services: a proposal edited after
    submission (two versions), one withdrawn, supports within the limit, a comment and a
    follow. Only what the consultation's phase allows; anything refused is skipped."""
    counts: dict[str, int] = defaultdict(int)
    if not rules.is_citizen(citizen):
        return counts
    title, body = EN_SUBJECTS[0][0] + " " + EN_PLACES[1], EN_SUBJECTS[0][1] + " by the river."

    def attempt(call, **kwargs):
        try:
            with transaction.atomic():
                return call(**kwargs)
        except JourneyError:
            return None

    if rules.can_submit(citizen, consultation, now=now):
        mine = attempt(
            services.proposal_submit, author=citizen, consultation=consultation,
            title=title, body=body,
        )  # fmt: skip
        if mine is not None:
            counts["showcase proposals"] += 1
            attempt(
                services.proposal_edit, proposal=mine, editor=citizen,
                body=body + "\n\n" + EN_PROBLEMS[1] + EN_EDIT_NOTE,
            )  # fmt: skip
        second = attempt(
            services.proposal_submit, author=citizen, consultation=consultation,
            title=FA_SUBJECTS[4][0] + " " + FA_PLACES[0], body=FA_SUBJECTS[4][1] + ".",
        )  # fmt: skip
        if second is not None:
            counts["showcase proposals"] += 1
            attempt(services.proposal_withdraw, proposal=second, author=citizen)
    published = (
        Proposal.objects.published()
        .filter(consultation=consultation)
        .exclude(author=citizen)
        .select_related("consultation")
        .order_by("-support_count", "pk")
    )
    if consultation.phase_at(now) == Phase.VOTING:
        for proposal in published[:2]:
            if attempt(services.support_cast, citizen=citizen, proposal=proposal) is not None:
                counts["showcase supports"] += 1
    first = published.first()
    if first is not None and rules.can_comment(citizen, first, now=now):
        posted = attempt(services.comment_post, author=citizen, proposal=first, body=EN_COMMENTS[6])
        counts["showcase comments"] += posted is not None
    attempt(services.follow, follower=citizen, consultation=consultation)
    return counts
