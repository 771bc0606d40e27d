"""Referral answers and referrals for tests, made through the same services as the site."""

from referrals import services


def born(day, month, year):
    """A date of birth as the date input's three boxes post it."""
    return {"date_of_birth_0": [day], "date_of_birth_1": [month], "date_of_birth_2": [year]}


def raw_answers(*, marker="", age="15", email=None, district="rugby"):
    """Every page's raw answers, as the form posts them. `marker` is put in every free text."""

    def t(value):
        return [f"{value} {marker}".strip()]

    adult = age not in ("", None) and int(age) >= 18
    if adult:
        family = {"children_in_household": ["yes"], "children_details": t("Two, aged 4 and 7")}
        awareness = {"person_aware": ["no"]}
    else:
        family = {"carers": t("Jo Carer, mother, 07700 900 123"), "carers_support": ["not_asked"]}
        awareness = {"person_aware": ["no"], "parents_aware": ["not_sure"]}
    awareness |= {
        "discussed": ["yes"],
        "discussion": t("Tutor asked about the videos"),
        "safeguarding_lead_consulted": ["yes"],
        "safeguarding_lead_name": t("Pat Lead"),
    }

    return {
        "immediate-danger": {"immediate_danger": ["no"]},
        "about-you": {
            "referrer_name": t("Alex Referrer"),
            "job_title": t("Safeguarding lead"),
            "organisation": t("Example School"),
            "sector": ["education"],
            "email": [email or "referrer@example.com"],
            "phone": ["01632 960 001"],
            "relationship": t("Form tutor"),
        },
        "person": {
            "full_name": t("Sam Person"),
            "other_names": t("Sammy"),
            **born("", "", ""),
            "approximate_age": [age],
            "gender": ["not_known"],
            "person_phone": ["07700 900 457"],
            "person_email": ["sam.person@example.com"],
        },
        "address": {
            "address": t("1 High Street, Rugby"),
            "postcode": ["CV21 2AA"],
            "district": [district],
        },
        "family": family,
        "education-and-needs": {
            "setting": t("Example School"),
            "first_language": t("English"),
            "interpreter": ["no"],
            "needs": t("None known"),
        },
        "concern": {
            "what_happened": t("Said worrying things in class on 3 November"),
            "how_it_came_to_light": t("A teacher heard it"),
            "concern_type": ["extreme_right_wing"],
        },
        "contact-and-material": {
            "contact_with_others": ["yes"],
            "contact_details": t("An online group, daily"),
            "material_seen": t("Flag stickers"),
        },
        "risks": {
            "online_activity": t("Shares videos"),
            "violence": ["yes"],
            "violence_details": t("Talked about a knife"),
            "other_safeguarding": t("Missed school"),
        },
        "agencies": {
            "agencies_involved": ["yes"],
            "agencies": t("Youth service"),
            "agency_contact": t("Duty worker 01926 000000"),
        },
        "awareness": awareness,
        "declaration": {"confirm": ["on"]},
    }


def make_draft(raw=None, **kwargs):
    raw = raw or raw_answers(**kwargs)
    draft = None
    for slug, values in raw.items():
        draft = services.save_draft_step(
            draft_id=draft.pk if draft else None, step_slug=slug, raw=values
        )
    return draft


def make_referral(**kwargs):
    draft = make_draft(**kwargs)
    referral, _created = services.submit_referral(
        draft_id=draft.pk, submit_token=draft.submit_token
    )
    return referral
