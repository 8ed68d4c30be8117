"""Vocabularies of the generated sample company "Northwind Ledger": names, departments, plan, phrases.

Plain constants only; :mod:`reviewgen.workbooks.sample` combines them with a seeded random generator.
Every goal title holds a number, so the vague-goal check only fires on the one planted goal.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

COMPANY = "Northwind Ledger"
CYCLE = "2026-Q4"
START = dt.date(2026, 10, 1)
END = dt.date(2026, 12, 31)
DEADLINE = dt.date(2027, 1, 15)
EARLIER_CYCLES = ("2026-Q2", "2026-Q3")
MISSION = "Help growing businesses close their books with confidence, every day."
VISION = "By 2030, every mid-sized company in Europe runs its finance on a real-time ledger."
VALUES: tuple[tuple[str, str], ...] = (
    ("Customers first", "We start from the customer's problem, not from our roadmap."),
    ("Own the outcome", "We finish what we start and say early when we cannot."),
    ("Clear and kind", "We say what we think, with care for the person hearing it."),
    ("Learn in public", "We share what we tried, what failed and what we learned."),
)
FAIRNESS_COLUMNS = ("Location", "Gender")
LOCATIONS = ("Berlin", "Lisbon", "Toronto", "Singapore", "Remote")
DOMAIN = "northwind-ledger.example"
#: Cycle sheet values by setting; settings not named here are left empty (their default applies).
CYCLE_SETTINGS: dict[str, str | int | float | dt.date] = {
    "company": COMPANY, "cycle": CYCLE, "start": START, "end": END, "deadline": DEADLINE, "check-in gap": 45,
    "goals share": 70, "confidentiality": "Confidential: HR and line managers only",
    "fairness groups": ", ".join(FAIRNESS_COLUMNS), "rating gap": 2, "manager skew": 0.75, "skew minimum": 5,
    "disparity margin": 0.5, "group minimum": 5, "top reviewer": "The board",
}  # fmt: skip
#: The check-ins of the person planted with no recent check-in: nothing that counts after 6 November.
LATE_CHECKINS: tuple[tuple[dt.date, str], ...] = (
    (dt.date(2026, 10, 9), "check-in"), (dt.date(2026, 10, 22), "praise"), (dt.date(2026, 11, 6), "check-in"),
    (dt.date(2026, 12, 10), "self-reflection"),
)  # fmt: skip


@dataclass(frozen=True)
class GoalTemplate:
    """A goal pattern: ``title`` uses {baseline} and {target}; numbers are drawn from the ranges."""

    title: str
    metric: str
    unit: str
    baseline: tuple[int, int]
    target: tuple[int, int]


@dataclass(frozen=True)
class ObjectiveSpec:
    id: str
    title: str
    parent: str | None
    kpi: str
    baseline: float
    target: float
    unit: str
    due: dt.date = END
    status: str = "active"
    goals: tuple[GoalTemplate, ...] = ()
    #: Team objectives belong to the first team of their department.
    team: bool = False
    #: The KPI's latest measured value (company objectives have one).
    actual: float | None = None


@dataclass(frozen=True)
class DepartmentSpec:
    name: str
    share: float
    head_title: str
    director_title: str
    lead_title: str
    ic_titles: tuple[str, ...]
    teams: tuple[str, ...]
    objectives: tuple[ObjectiveSpec, ...]


def _objective(
    id: str,
    title: str,
    parent: str | None,
    kpi: str,
    baseline: float,
    target: float,
    unit: str,
    *goals: tuple[str, str, str, int, int, int, int],
    team: bool = False,
    status: str = "active",
    due: dt.date = END,
    actual: float | None = None,
) -> ObjectiveSpec:
    templates = tuple(GoalTemplate(t, m, u, (b1, b2), (t1, t2)) for t, m, u, b1, b2, t1, t2 in goals)
    return ObjectiveSpec(id, title, parent, kpi, baseline, target, unit, due, status, templates, team, actual)


Obj = _objective

# fmt: off
# Goal templates: (title, metric, unit, baseline from, to, target from, to).
COMPANY_OBJECTIVES: tuple[ObjectiveSpec, ...] = (
    Obj("C1", "Grow annual recurring revenue from 38M to 46M EUR", None, "ARR", 38, 46, "M EUR",
      ("Grow ARR from {baseline}M to {target}M EUR by year end", "ARR", "M EUR", 38, 38, 45, 46), actual=43.1),
    Obj("C2", "Raise net revenue retention from 104% to 110%", None, "Net revenue retention", 104, 110, "%",
      ("Lift net revenue retention from {baseline}% to {target}%", "NRR", "%", 104, 104, 109, 110), actual=107),
    Obj("C3", "Move 60% of customers to the real-time ledger", None, "Customers on the real-time ledger", 15, 60, "%",
      ("Put {target}% of customers on the real-time ledger by 31 December", "Customers migrated", "%",
       15, 15, 55, 60), actual=41),
    Obj("C4", "Reach operating break-even (margin from -6% to 0%)", None, "Operating margin", -6, 0, "%",
      ("Bring operating margin from {baseline}% to {target}%", "Operating margin", "%", -6, -6, 0, 0), actual=-2.5),
    Obj("C5", "Make Northwind a place people grow: eNPS from 18 to 30", None, "eNPS", 18, 30, "points",
      ("Raise eNPS from {baseline} to {target} points", "eNPS", "points", 18, 18, 28, 30), actual=23),
)

DEPARTMENTS: tuple[DepartmentSpec, ...] = (
    DepartmentSpec(
        "Engineering", 0.30, "VP Engineering", "Engineering Director", "Engineering Manager",
        ("Software Engineer", "Senior Software Engineer", "Staff Engineer", "QA Engineer",
         "Site Reliability Engineer", "Data Engineer"),
        ("Platform", "Payments", "Reporting", "Integrations", "Mobile", "Data", "Security", "Developer Experience"),
        (
            Obj("ENG-1", "Migrate 60% of customers to the real-time ledger", "C3", "Customers migrated", 15, 60, "%",
              ("Migrate {target} customer ledgers to the real-time engine", "Ledgers migrated", "ledgers",
               0, 0, 25, 60),
              ("Cut migration time per ledger from {baseline} to {target} hours", "Hours per migration", "hours",
               10, 14, 4, 7)),
            Obj("ENG-2", "Cut P1 incidents from 14 to 4 per quarter", "C2", "P1 incidents per quarter", 14, 4,
              "incidents",
              ("Reduce P1 incidents in my services from {baseline} to {target} this quarter", "P1 incidents",
               "incidents", 4, 7, 1, 2),
              ("Raise automated test coverage from {baseline}% to {target}%", "Test coverage", "%", 55, 68, 75, 85),
              ("Bring p95 API latency from {baseline} ms down to {target} ms", "p95 latency", "ms",
               420, 600, 200, 300)),
            Obj("ENG-3", "Cut cloud cost per customer from 41 to 35 EUR a month", "C4", "Cloud cost per customer",
              41, 35, "EUR/month",
              ("Cut compute spend of my services by {target}% by 15 December", "Compute spend cut", "%",
               0, 0, 10, 20)),
            Obj("ENG-T1", "Platform team: move 400 customer ledgers to the new engine", "ENG-1", "Ledgers moved",
              60, 400, "ledgers",
              ("Ship {target} ledger-engine releases without rollback", "Releases without rollback", "releases",
               0, 0, 6, 10), team=True),
        ),
    ),
    DepartmentSpec(
        "Sales", 0.22, "Chief Revenue Officer", "Sales Director", "Sales Team Lead",
        ("Account Executive", "Senior Account Executive", "Sales Development Rep", "Sales Engineer"),
        ("DACH", "Nordics", "Iberia", "North America", "APAC", "UK & Ireland", "Benelux", "France"),
        (
            Obj("SAL-1", "Win 120 new mid-market accounts", "C1", "New accounts", 0, 120, "accounts",
              ("Close {target} new mid-market accounts by 31 December", "Closed accounts", "accounts", 0, 0, 8, 15),
              ("Book {target}k EUR of new ARR", "New ARR", "k EUR", 0, 0, 180, 420),
              ("Run {target} qualified discovery calls", "Discovery calls", "calls", 0, 0, 40, 90)),
            Obj("SAL-2", "Book 6M EUR of expansion revenue", "C2", "Expansion bookings", 0, 6, "M EUR",
              ("Book {target}k EUR of upsell in my existing accounts", "Upsell bookings", "k EUR", 0, 0, 90, 250)),
            Obj("SAL-T1", "DACH team: win 35 new accounts in Germany, Austria and Switzerland", "SAL-1",
              "New DACH accounts", 0, 35, "accounts",
              ("Sign {target} new DACH accounts with a first-year value above 20k EUR", "DACH accounts", "accounts",
               0, 0, 5, 9), team=True),
        ),
    ),
    DepartmentSpec(
        "Customer Success", 0.18, "Head of Customer Success", "Customer Success Director", "Customer Success Lead",
        ("Customer Success Manager", "Support Engineer", "Onboarding Specialist", "Support Specialist"),
        ("Onboarding", "Enterprise Accounts", "Support EMEA", "Support Americas", "Renewals", "Training"),
        (
            Obj("CS-1", "Cut gross revenue churn from 9% to 6%", "C2", "Gross revenue churn", 9, 6, "%",
              ("Renew {target}% of my accounts' ARR due this quarter", "Renewal rate", "%", 84, 88, 92, 96),
              ("Run {target} quarterly business reviews with at-risk accounts", "Business reviews", "reviews",
               0, 0, 8, 16)),
            Obj("CS-2", "Raise CSAT from 86 to 92", "C2", "CSAT", 86, 92, "points",
              ("Raise CSAT of my queue from {baseline} to {target}", "CSAT", "points", 82, 87, 90, 93),
              ("Answer tickets within {target} hours on average (now {baseline})", "First response time", "hours",
               6, 10, 3, 4)),
            Obj("CS-3", "Bring new customers live in 30 days instead of 45", "C1", "Days to go live", 45, 30, "days",
              ("Cut go-live time of my onboardings from {baseline} to {target} days", "Days to go live", "days",
               42, 50, 28, 32)),
            # Nobody works toward this one: the planted uncovered-objective.
            Obj("CS-4", "Launch a customer community with 500 active members", "C2", "Active members", 0, 500,
              "members"),
        ),
    ),
    DepartmentSpec(
        "Finance & People", 0.12, "CFO & Head of People", "Finance Director", "Finance Manager",
        ("Accountant", "Financial Analyst", "People Partner", "Recruiter", "Payroll Specialist", "Controller"),
        ("Accounting", "People", "FP&A", "Talent"),
        (
            Obj("FIN-1", "Close the books in 5 working days instead of 9", "C4", "Days to close", 9, 5, "days",
              ("Close month-end in {target} working days instead of {baseline}", "Days to close", "days",
               8, 9, 5, 6),
              ("Automate {target} of the 40 manual reconciliations", "Reconciliations automated", "reconciliations",
               0, 0, 10, 20)),
            Obj("FIN-2", "Raise eNPS from 18 to 30", "C5", "eNPS", 18, 30, "points",
              ("Hire {target} engineers and account executives by 15 December", "Hires", "hires", 0, 0, 6, 12),
              ("Publish career paths for {target}% of roles", "Roles with a career path", "%", 20, 30, 90, 100)),
            # Retired in September; one goal still points at it (the planted retired-objective).
            Obj("FIN-3", "Move payroll to the legacy HR suite by 1 November", "C4", "Payroll runs on the suite",
              0, 3, "runs", status="retired", due=dt.date(2026, 11, 1)),
        ),
    ),
    DepartmentSpec(
        "Marketing", 0.10, "Head of Marketing", "Marketing Director", "Marketing Lead",
        ("Content Marketer", "Demand Generation Manager", "Product Marketer", "Designer", "Events Manager"),
        ("Demand Generation", "Content", "Brand", "Events"),
        (
            Obj("MKT-1", "Generate 900 sales-qualified leads", "C1", "Sales-qualified leads", 0, 900, "leads",
              ("Generate {target} sales-qualified leads from campaigns", "SQLs", "leads", 0, 0, 80, 200),
              ("Publish {target} customer case studies", "Case studies", "case studies", 0, 0, 3, 6),
              ("Lift website demo conversion from {baseline}% to {target}%", "Demo conversion", "%", 2, 2, 3, 4)),
        ),
    ),
    DepartmentSpec(
        "Product", 0.08, "Chief Product Officer", "Product Director", "Group Product Manager",
        ("Product Manager", "Senior Product Manager", "UX Researcher", "Product Designer"),
        ("Ledger Core", "Add-ons", "Insights"),
        (
            Obj("PRD-1", "Launch 3 paid ledger add-ons", "C1", "Add-ons launched", 0, 3, "add-ons",
              ("Launch {target} paid add-on to general availability", "Add-ons launched", "add-ons", 0, 0, 1, 1),
              ("Interview {target} customers about month-end close", "Customer interviews", "interviews",
               0, 0, 12, 25)),
        ),
    ),
)

# First names as (display, ascii for the e-mail address).
WOMEN: tuple[tuple[str, str], ...] = (
    ("Zoë", "zoe"), ("Amara", "amara"), ("Ingrid", "ingrid"), ("Priya", "priya"), ("Lucía", "lucia"),
    ("Hannah", "hannah"), ("Aiko", "aiko"), ("Fatima", "fatima"), ("Chloé", "chloe"), ("Olga", "olga"),
    ("Sofia", "sofia"), ("Nkechi", "nkechi"), ("Mei", "mei"), ("Beatriz", "beatriz"), ("Emma", "emma"),
    ("Leila", "leila"), ("Astrid", "astrid"), ("Grace", "grace"), ("Ana", "ana"), ("Yasmin", "yasmin"),
    ("Karolina", "karolina"), ("Nadia", "nadia"), ("Siobhán", "siobhan"), ("Ayşe", "ayse"), ("Marta", "marta"),
    ("Ji-woo", "jiwoo"), ("Chiara", "chiara"), ("Thandiwe", "thandiwe"), ("Élodie", "elodie"), ("Rosa", "rosa"),
)
MEN: tuple[tuple[str, str], ...] = (
    ("José", "jose"), ("Lars", "lars"), ("Kwame", "kwame"), ("Arjun", "arjun"), ("Mateo", "mateo"),
    ("Jonas", "jonas"), ("Hiroshi", "hiroshi"), ("Omar", "omar"), ("Thomas", "thomas"), ("Dmitri", "dmitri"),
    ("Luca", "luca"), ("Chinedu", "chinedu"), ("Wei", "wei"), ("João", "joao"), ("Ben", "ben"), ("Karim", "karim"),
    ("Søren", "soren"), ("Daniel", "daniel"), ("Tomás", "tomas"), ("Ravi", "ravi"), ("Piotr", "piotr"),
    ("Malik", "malik"), ("Ciarán", "ciaran"), ("Emre", "emre"), ("Jakub", "jakub"), ("Min-jun", "minjun"),
    ("Andrés", "andres"), ("Sipho", "sipho"), ("Mathieu", "mathieu"), ("Felix", "felix"),
)
NEUTRAL: tuple[tuple[str, str], ...] = (
    ("Alex", "alex"), ("Sam", "sam"), ("Kai", "kai"), ("Robin", "robin"), ("Noa", "noa"), ("Rowan", "rowan"),
)
SURNAMES: tuple[tuple[str, str], ...] = (
    ("Ångström", "angstrom"), ("Núñez", "nunez"), ("Okafor", "okafor"), ("Lindqvist", "lindqvist"),
    ("Sharma", "sharma"), ("García", "garcia"), ("Müller", "muller"), ("Tanaka", "tanaka"), ("Haddad", "haddad"),
    ("Dubois", "dubois"), ("Ivanova", "ivanova"), ("Rossi", "rossi"), ("Mensah", "mensah"), ("Chen", "chen"),
    ("Oliveira", "oliveira"), ("Schmidt", "schmidt"), ("Yilmaz", "yilmaz"), ("O'Brien", "obrien"),
    ("Kowalski", "kowalski"), ("Nguyen", "nguyen"), ("Fernández", "fernandez"), ("Johansson", "johansson"),
    ("Adeyemi", "adeyemi"), ("Kim", "kim"), ("Costa", "costa"), ("Novák", "novak"), ("Hansen", "hansen"),
    ("Mbeki", "mbeki"), ("Patel", "patel"), ("Łukasiewicz", "lukasiewicz"), ("Van der Berg", "vanderberg"),
    ("Moreau", "moreau"), ("Ferreira", "ferreira"), ("Nakamura", "nakamura"), ("Brennan", "brennan"),
    ("Çelik", "celik"), ("Jensen", "jensen"), ("Rahman", "rahman"), ("Silva", "silva"), ("Wójcik", "wojcik"),
)
# Whole names in other scripts (family name first where that is the custom): display, e-mail, gender.
OTHER_SCRIPTS: tuple[tuple[str, str, str], ...] = (
    ("王芳", "fang.wang", "Woman"), ("Δημήτρης Παπαδόπουλος", "dimitris.papadopoulos", "Man"),
    ("Ольга Смирнова", "olga.smirnova", "Woman"), ("김민준", "minjun.kim", "Man"),
    ("佐藤 花子", "hanako.sato", "Woman"),
)
GOOD_SELF: tuple[str, ...] = (
    "Hit the number early and helped two colleagues hit theirs.",
    "Went better than planned; the new process made the difference.",
    "Proud of this one: it took persistence with a difficult customer.",
)
OK_SELF: tuple[str, ...] = (
    "On plan. Some weeks were tight but we got there.", "Mostly done; the last part slipped into December.",
    "Solid progress, though I underestimated the data clean-up.",
)
LOW_SELF: tuple[str, ...] = (
    "Behind plan: two dependencies landed late.", "Harder than expected; I should have asked for help sooner.",
)
GOOD_MANAGER: tuple[str, ...] = (
    "Excellent result, and done in a way others can copy.", "Clearly beyond what we agreed; thank you.",
    "Strong ownership from start to finish.",
)
OK_MANAGER: tuple[str, ...] = (
    "Delivered what we agreed. Next quarter, share progress earlier.", "Good, steady work on this goal.",
    "Met the target; the write-up for the team was useful.",
)
LOW_MANAGER: tuple[str, ...] = (
    "Missed the target; let us plan the next quarter in smaller steps.",
    "Progress stalled in November. We agreed on weekly check-ins.",
)
VALUE_COMMENTS: tuple[str, ...] = (
    "Seen this often this quarter.", "Consistent, and others notice it.",
    "Good examples in the customer escalations.", "Room to grow here; we discussed two concrete situations.",
    "A role model for the team on this.",
)
CHECKIN_NOTES: tuple[str, ...] = (
    "Went through goal progress and blockers.", "Reviewed priorities for the coming weeks.",
    "Talked about workload and the holiday plan.", "Discussed the customer escalation and next steps.",
    "Agreed to split the migration work into smaller pieces.",
    "Career conversation: interest in leading a small project.",
)
PRAISE_NOTES: tuple[str, ...] = (
    "Thank you for jumping in on the Contoso escalation.", "Great demo at the all-hands.",
    "The new runbook saved the on-call team hours.", "Customers mention you by name in their feedback.",
    "Your onboarding of the new hire was excellent.",
)
CONSTRUCTIVE_NOTES: tuple[str, ...] = (
    "Status updates came late twice; please flag risks earlier.",
    "The proposal was strong but too long for the audience.", "Meetings overran; let us try written pre-reads.",
    "Please loop in Finance before committing to discounts.",
)
REFLECTION_NOTES: tuple[str, ...] = (
    "Writing down what I learned from the migration so far.", "I want to delegate more of the reporting.",
    "Reflecting on the quarter: focus was good, communication could be better.",
)
DEVELOPMENT: tuple[tuple[str, str, str], ...] = (
    ("Negotiation", "Shadow two enterprise negotiations and lead a third", "Pairing with a senior AE"),
    ("Public speaking", "Present once at the monthly all-hands", "Speaker coaching session"),
    ("System design", "Write the design doc for the next migration wave", "Review by a staff engineer"),
    ("Delegation", "Hand over the weekly reporting to the team", "Coaching with the manager"),
    ("Forecasting", "Take the forecasting course and apply it to Q1 planning", "Course budget 600 EUR"),
    ("SQL and data", "Build own dashboards instead of asking the data team", "Two hours a week of learning time"),
    ("Giving feedback", "Run the feedback workshop with the team", "People Partner support"),
    ("Customer discovery", "Run five customer interviews", "Interview guide from Product"),
)
STRENGTHS: tuple[str, ...] = (
    "Calm under pressure", "Customer empathy", "Clear written communication", "Technical depth", "Follow-through",
    "Coaching others", "Structured problem solving", "Building trust with stakeholders",
)
GROWTH_AREAS: tuple[str, ...] = (
    "Saying no to low-priority requests", "Raising risks earlier", "Delegating", "Presenting to executives",
    "Prioritising under time pressure", "Sharing work in progress sooner",
)
SELF_SUMMARIES: tuple[str, ...] = (
    "A busy quarter; most goals landed and I learned a lot about the migration.",
    "I delivered my main goals and want more ownership next quarter.",
    "Some goals slipped, but the work with customers went well.",
)
MANAGER_SUMMARIES: tuple[str, ...] = (
    "A strong quarter with clear impact on the team's results.",
    "Reliable delivery; next step is more visible leadership.",
    "Good effort; we agreed a sharper focus for next quarter.",
)
# fmt: on
NOTES: dict[str, tuple[str, ...]] = {
    "check-in": CHECKIN_NOTES,
    "praise": PRAISE_NOTES,
    "constructive": CONSTRUCTIVE_NOTES,
    "self-reflection": REFLECTION_NOTES,
}
