"""vague-goal: judge whether a goal title is vague from its wording, not from the verb it opens with.

Rule: a title is *specific* when it names at least one of

* a quantity: a digit, ``%``, money (``$ € £``), a number word ("three", "dozen", "zero"), a multiplier
  ("double", "halve", "twice") or a frequency ("weekly", "every sprint");
* a date or deadline: a month or weekday, Q3/H2/FY27, an ISO date, EOY/EOQ/EOM/EOW, "end of", "year-end",
  "this quarter", "within a day", "by summer";
* a concrete deliverable: a concrete action verb (ship, launch, publish, migrate, hire, complete, deploy, release,
  close, sign, run, deliver, build, implement, automate, document, ...) with a concrete object (its direct object,
  the words before the first preposition: "Build my personal brand on LinkedIn" builds a brand; a concrete word after
  an object naming people or a place counts: "Open a second office in Austin"), a named project
  over a concrete thing ("the ERP migration", "partner portal launch"), a credential ("Get PMP certified"), or a
  bare noun phrase naming an artefact ("Expense policy refresh", "Billing API v2").

Otherwise it is *vague*. Without a quantity or date these stay vague whatever they name:

* a degree verb (improve, reduce, grow, streamline, speed up, ...) promises movement without saying how far, even
  on a concrete object ("Improve the reporting dashboard"), unless "by/through/and <deliverable>" follows;
* a disposition or soft verb (be, become, learn, own, drive, foster, support, take ownership of, ...) unless a
  concrete deliverable or credential follows ("Own the partner portal launch" is specific);
* an unmeasured comparative ("Ship faster", "Close more deals", "Run better 1:1s").

A concrete object is a word outside the lists below of function, evaluative, abstract and generic words ("Build
trust", "Deliver value" and "Hire great people" name nothing concrete). Number-like idioms ("10x engineer",
"give 110%", "24/7", "360-degree view", "80/20", "1:1") are not quantities. Case-insensitive, deterministic.

"Concrete" means "not in the lists": it is vocabulary, not grammar, so a new abstract noun or idiom reads as
concrete and the title as specific (the error it leans to: a vague goal let through, never a specific one
flagged). tests/data/goal_titles*.tsv are our own labelled titles; tests/check/test_vague.py reports precision and
recall on each (goal_titles_blind.tsv was written by someone who had not seen the rule). English only.
"""

from __future__ import annotations

import functools
import re

_IDIOMS = re.compile(
    r"\b\d+x\s+(?:engineer|developer|programmer|marketer|employee|performer|seller|rep)s?\b"
    r"|\bgiv\w*\s+(?:it\s+)?1\d\d\s*%|\b1\d\d\s*%\s+(?:effort|commitment|committed|dedicated|focused|engaged|invested)|\b24\s*/\s*7\b|\b80\s*/\s*20\b"
    r"|\b360(?:-?degree|°)?\s+(?:view|perspective|approach|thinking)|\b1\s*[:-]\s*(?:on\s*-\s*)?1s?\b|#1\b"
)
_SYMBOL = re.compile(r"[\d%$€£¥]")
_LETTERS = re.compile(r"[a-z]+")
_TOKEN = re.compile(r"[a-z][a-z0-9&+/-]*(?:[.'][a-z0-9]+)*")
_QUANTITY_DATE_WORDS = frozenset(
    str.split("""
zero two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty hundred thousand
million billion dozen half halve halved halving double doubled triple tripled twice tenfold percent january february
march april june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec
monday tuesday wednesday thursday friday eoy eoq eom eow eod ytd fy deadline
""")
)
_CADENCE = frozenset(str.split("daily weekly fortnightly biweekly monthly quarterly annually yearly"))
_UNIT = frozenset(str.split("day week month quarter sprint half year cycle release"))
_EVERY = frozenset(str.split("this next each every per"))
_SEASON = frozenset(str.split("summer winter spring autumn fall christmas holidays holiday offsite conference launch"))
_BY = frozenset(str.split("by before until"))
_MAY = frozenset(str.split("by in before until mid early late"))
_TRIGGERS = _EVERY | _BY | _MAY | {"end", "year", "within", "may"}
_LINK = frozenset(str.split("by through via and then"))
_COMPARATIVE = frozenset(
    str.split("""
more better faster quicker smoother easier stronger higher fewer less greater bigger sooner cleaner clearer tighter
leaner smarter deeper broader wider closer further harder
""")
) | frozenset(
    # The comparatives of adjectives that grade a state ("Make our hiring process fairer", "Get sharper at pricing").
    f"{base[:-1]}ier" if base.endswith("y") else (f"{base}r" if base.endswith("e") else f"{base}er")
    for base in str.split("""
fair safe simple sharp tidy happy healthy quiet calm lean tight clean clear easy busy early cheap fresh light slim
short small large long low high wide deep close fast quick strong hard soft tough bold kind wise friendly nimble
""")
)


def _forms(lemmas: str) -> frozenset[str]:
    """Every lemma with its -s, -ed and -ing forms ("ship" -> ships, shipped, shipping)."""
    out: set[str] = set()
    for w in str.split(lemmas):
        stem = w[:-1] if w.endswith("e") else w
        dbl = w + w[-1] if len(w) <= 4 and re.fullmatch(r"[^aeiou]*[aeiou][bdgmnprt]", w) else w
        out |= {
            w,
            w + ("es" if w.endswith(("s", "sh", "ch", "x")) else "s"),
            stem + "ed",
            stem + "ing",
            dbl + "ed",
            dbl + "ing",
        }
        if w.endswith("y") and w[-2] not in "aeiou":
            out |= {w[:-1] + "ied", w[:-1] + "ies"}
    return frozenset(out)


#: Degree verbs: movement without a measure.
_DEGREE = _forms("""
improve increase enhance boost grow reduce decrease cut lower raise lift maximise maximize minimise minimize
optimise optimize streamline strengthen simplify speed accelerate expand tighten modernise modernize elevate deepen
broaden sharpen refine polish advance scale better widen extend level revitalise revitalize tidy clean declutter
""")
#: Disposition and soft verbs: attitudes, learning, stewardship, partial contribution.
_SOFT = _forms("""
be become stay remain keep act think show demonstrate embrace foster cultivate promote encourage champion inspire
empower motivate mentor coach learn understand master study explore take contribute participate collaborate
communicate engage partner work focus continue strive try aim seek ensure maintain help support assist enable
facilitate prioritise prioritize invest step lean own lead drive manage oversee coordinate spearhead attract tell
apply bring turn give grow stop look upskill reskill familiarise familiarize educate represent
""") | set(str.split("is are am was led took taken brought understood learnt kept"))
#: Concrete action verbs: the object says when the goal is done.
_DONE = _forms("""
ship launch relaunch publish migrate hire complete deploy release close sign run deliver build implement automate
document write rewrite create design redesign roll set introduce establish finish finalise finalize obtain earn pass
achieve present submit file renew onboard train decommission retire sunset replace consolidate negotiate renegotiate
draft produce install commission host organise organize conduct audit map define add remove fix patch upgrade
integrate open fill register qualify secure win book send hold review update refactor revamp overhaul rework move
convert deprecate archive select procure purchase buy recruit attend certify pilot prototype stand spin kick wrap go
get make put list develop
""") | set(str.split("built ran written wrote sent held won made got gotten done live went gone"))
_PROJECT = frozenset(
    str.split("""
migration launch rollout roll-out release redesign rebrand implementation integration upgrade go-live cutover audit
rewrite refactor deployment pilot consolidation move transition relaunch rebuild replacement tender rfp
decommissioning handover certification selection evaluation assessment negotiation negotiations renewal overhaul
revamp
""")
)
_CREDENTIAL = frozenset(
    str.split("""
certified certification certificate accredited accreditation licence license diploma degree exam exams
""")
)
#: Function words.
_FUNCTION_WORDS = """
the a an our my your their his her all each every any some of to for in on at with by from into onto across through
about around over under and or & as per this that these those new existing current own it me i we us them where when
how what up out off down back end who which so not no via within between after before while than also other well
just always everything everyone everybody one stop whole right first second next last much many lot way sure myself
ourselves self above beyond extra mile needle ball game happen there here can without toward against along despite
like among upon throughout ahead behind alongside amid versus vs near inside outside
"""
#: Evaluative, degree and generic adjectives.
_SOFT_ADJECTIVES = """
great good excellent strong top key high best world-class best-in-class high-quality high-impact effective efficient
consistent proactive strategic clear clean happy engaging qualified organic unnecessary important robust seamless
smooth trusted empathetic organised organized hands-on data-driven positive healthy professional personal overall
general critical real true go-to customer-centric user-centric innovative creative open transparent ambitious big
agile lean secure solid modern better more less productive promoted operational technical commercial financial
functional cross-functional cross-team internal external digital global organisational organizational tactical
analytical interpersonal emotional senior junior manual repetitive customer-facing client-facing day-to-day everyday
ongoing continuous inclusive diverse collaborative supportive responsive curious humble confident assertive decisive
focused aligned engaged motivated informed prepared simple easy fast quick accurate full broad deep wide sharp bold
calm present safe independent results-driven results-oriented customer-focused detail-oriented strategic-minded
executive public
"""
#: Abstract and generic business nouns.
_ABSTRACT_NOUNS = """
team customer client stakeholder people staff employee colleague peer manager leader org organisation organization
company department function product service work thing stuff task project initiative process workflow system data
information insight decision domain area field segment market deal lead pipeline revenue sale quota margin cost
spend budget numbers metrics kpi okr goal target result outcome nps csat roi traffic brand content engagement
followers user issue problem ticket escalations requests incidents downtime waste scrap yield code codebase tests
testing coverage documentation docs posture debt tech architecture design research ux journey onboarding hiring
recruiting interview talent candidates morale culture mindset belonging inclusion life work-life wellbeing
well-being feedback collaboration communication teamwork trust value impact growth success change skill knowledge
expertise learning development career time priorities focus meeting discussions conversations story narrative vision
strategy direction roadmap standards bar rule example operations ops controls risk hygiene template contract vendor
supplier line floor shop voice partner advisor champion person member player resource asset approach view
perspective sense support help idea improvement solution practice habits discipline energy momentum alignment speed
throughput delivery output effort commitment level job role expectations engineer developers salespeople reps hires
end-to-end network networking adoption usage retention churn satisfaction loyalty conversion accuracy forecasting
health safety regulatory regulations environment workplace office problem-solving management obsession innovation
empathy autonomy mastery attitude behaviour behavior purpose passion enthusiasm respect grit judgement judgment
gravitas storytelling listening planning sharing thinking solving decision-making execution follow-through follow-up
follow-ups craft rigour rigor detail attention ethic spirit atmosphere vibe synergy connections touchpoints exposure
reputation recognition wins mission principles fundamentals basics foundation bandwidth workload burnout stress
world industry space ecosystem landscape trends expert owner ambassador evangelist advocate contributor face
rockstar ninja guru self-starter one-on-one one-on-ones objection interaction employer channel account ae sdr bdr
csm pm cross heart mind firefighting multitasking delegating micromanaging micromanagement procrastination
overthinking enablement empowerment involvement achievement transformation optimisation optimization automation
modernisation modernization digitisation digitalisation standardisation standardization relations presentation
negotiation prioritisation prioritization motivation education bridges silos experience rapport presence savings
speaking
"""
#: Words that name nothing checkable on their own.
_NONCONCRETE = frozenset(str.split(_FUNCTION_WORDS + _SOFT_ADJECTIVES + _ABSTRACT_NOUNS))
#: Action verbs that are also concrete nouns ("a vendor risk register", "the review process").
_NOUNABLE = frozenset(
    str.split("""
review test design map file book draft prototype patch build list register document fix update record sign
""")
)
_ABSTRACT_SUFFIX = re.compile(r"(?:ness|ity|ship|ism|ance|ence|ency|ancy|ly|ful|able|ible)$")
_CONCRETE_EXCEPTIONS = frozenset(
    str.split("""
conference facility university city partnership licence amenity table cable timetable deliverable payable receivable
variable supply assembly reply anomaly monopoly italy rally
""")
)


def _quantity_or_date(text: str, words: list[str], opener_is_degree: bool) -> bool:
    """A number, money, percentage, number word, date, deadline or (unless after a degree verb) a frequency."""
    if _SYMBOL.search(text) or not _QUANTITY_DATE_WORDS.isdisjoint(words):
        return True
    if not opener_is_degree and not _CADENCE.isdisjoint(words):
        return True
    if _TRIGGERS.isdisjoint(words):
        return False
    pw = [*words, "", ""]
    for i, w in enumerate(words):
        a, b = pw[i + 1], pw[i + 2]
        if (w in _EVERY and a in _UNIT) or (w == "end" and a == "of") or (w == "year" and a == "end"):
            return True
        if (w in _BY and (a in _SEASON or (a == "the" and b in _SEASON))) or (a == "may" and w in _MAY):
            return True
        if w == "within" and a in ("a", "an", "one") and b in _UNIT:
            return True
    return False


@functools.lru_cache(maxsize=4096)
def _concrete(tok: str) -> bool:
    """A word that names something checkable: not a function, evaluative, abstract or generic word, nor a verb."""
    if "-" in tok and tok not in _NONCONCRETE:
        return any(_concrete(p) for p in tok.split("-") if p and not p.endswith(("ing", "ed")))
    if tok in _NONCONCRETE or tok in _SOFT or tok in _DEGREE or tok in _PROJECT or len(tok) < 2:
        return False
    if tok in _DONE:
        return tok in _NOUNABLE
    forms = (tok, tok[:-1], tok[:-2], tok[:-3] + "y") if tok.endswith("s") else (tok,)  # "relationships"
    return not any(f in _NONCONCRETE or (f not in _CONCRETE_EXCEPTIONS and _ABSTRACT_SUFFIX.search(f)) for f in forms)


def _deliverable(words: list[str], start: int, after: frozenset[str] | None = None) -> bool:
    """A concrete action verb at or after ``start`` whose next few words hold a concrete object.

    With ``after``, the verb must follow one of those words ("Improve onboarding *by launching* ...").
    """
    for i in range(start, len(words)):
        if (
            words[i] in _DONE
            and (after is None or (i > 0 and words[i - 1] in after))
            and (any(_concrete(w) for w in words[i + 1 : i + 7]) or (i > start and _concrete(words[i - 1])))
        ):
            return True
    return False


#: Prepositions that end a verb's direct object: "Build my personal brand | on LinkedIn".
_OBJECT_ENDS = frozenset(
    str.split("on in at with between across for to from into onto among within through via around about over under")
)


#: Generic nouns of people, groups and places: too generic to be a deliverable, but real things a concrete verb acts
#: on, so a concrete word after them counts ("Move the data team onto dbt", "Open a second office in Austin").
_ENTITY_NOUNS = frozenset(
    str.split("""
team teams customer customers client clients stakeholder stakeholders people staff employee employees colleague
colleagues manager managers leader leaders company department supplier suppliers vendor vendors partner partners office
engineer engineers developers salespeople reps hires candidates member members user users account accounts
""")
)


#: Nouns whose "of" phrase names the thing: "a set of runbooks", "the migration of payroll". After any other noun,
#: "of" ends the object: "Create a culture of experimentation" creates a culture.
_CONTAINERS = (
    frozenset(str.split("set series suite collection library catalogue catalog pack bundle pair batch list range"))
    | _PROJECT
    | _CREDENTIAL
)


def _done_object(words: list[str]) -> bool:
    """Whether what a concrete verb acts on is concrete: its direct object (the words before the first preposition),
    or a concrete word after a direct object naming people or a place. "Build my personal brand on LinkedIn" builds
    a brand, not LinkedIn; "Launch in France & Spain" has no direct object, so all its words count."""
    end = next(
        (i for i, w in enumerate(words) if w in _OBJECT_ENDS or (w == "of" and i and words[i - 1] not in _CONTAINERS)),
        len(words),
    )
    obj, rest = words[:end], words[end:]
    if not obj or any(_concrete(w) for w in obj):
        return any(_concrete(w) for w in words)
    return not _ENTITY_NOUNS.isdisjoint(obj) and any(_concrete(w) for w in rest)


def _named_project(words: list[str]) -> bool:
    """A project noun or credential next to a concrete word: "the ERP migration", "Get PMP certified"."""
    return any(w in _PROJECT or w in _CREDENTIAL for w in words) and any(_concrete(w) for w in words)


def is_vague_title(title: str) -> bool:
    """True when ``title`` names no quantity, no date or deadline, and no concrete deliverable (see module doc)."""
    text = " ".join(title.casefold().replace("’", "'").split())
    if _SYMBOL.search(text) or "#" in text:
        text = _IDIOMS.sub(" ", text)
    text = text.replace("'s", "")
    head, colon, body = text.partition(": ")
    # "KR1: Ship ...", "Sales excellence: be the best AE I can be": a short heading before a colon is not the goal.
    words = _TOKEN.findall(body if colon and body and len(head.split()) <= 3 else text)
    if words[:1] == ["to"] or (words[:1] in (["i"], ["we"]) and words[1:2] == ["will"]):
        words = words[1:] if words[0] == "to" else words[2:]
    if not words:
        return True
    opener = words[0]
    if opener == "make" and words[1:2] in (["sure"], ["certain"]):
        opener = "ensure"  # "Make sure the team follows the travel policy" watches; it makes nothing
    if opener == "contribute" and words[1:2] != ["to"]:
        opener = "deliver"  # "Contribute the retry middleware upstream" hands over a thing
    flat = _LETTERS.findall(text)
    if _quantity_or_date(text, flat, opener in _DEGREE):
        return False
    if not _COMPARATIVE.isdisjoint(flat):
        return True
    if opener in _DEGREE:
        return not _deliverable(words, 1, _LINK)
    if opener in _SOFT:
        return not (_deliverable(words, 1) or _named_project(words[1:]))
    if opener in _DONE:
        return not _done_object(words[1:])
    # An unknown verb ("Delight our customers") or a bare noun phrase ("Partner portal go-live"): the first word is
    # most often a verb, so judge the rest, unless a project noun names the thing ("Salesforce migration").
    return not (_named_project(words) or any(_concrete(w) for w in words[1:]))
