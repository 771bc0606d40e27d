"""The demo's structured content: documents (generated as PDFs), contacts, the
out-of-hours directory, resources and testimonials. Contacts are roles, never people."""

from datetime import date

DOCUMENTS = {
    "action_plan": (
        "Warwickshire Prevent action plan 2019 to 2020",
        "How partners in Warwickshire put the Prevent strategy and the Prevent and Channel "
        "duties into practice, owned by the Warwickshire Prevent Working Group.",
        [
            "This demonstration document stands in for the Warwickshire Prevent Action Plan "
            "2019-20.",
            "The plan puts the Prevent strategy into practice in Warwickshire, in particular "
            "the duties in the Prevent and Channel legislation.",
            "It is owned by the multi-agency Warwickshire Prevent Working Group, which reports "
            "to the Safer Warwickshire Partnership Board.",
            "Themes: leadership and partnership; training and awareness; supporting people at "
            "risk through Channel; working with schools, colleges and health; communities and "
            "online safety.",
        ],
        date(2019, 6, 1),
    ),
    "annual_report": (
        "Warwickshire County Council Prevent annual report 2019",
        "The progress made and the actions delivered from the action plan between 2018 and 2019.",
        [
            "This demonstration document stands in for the council's Prevent Annual Report 2019.",
            "It reports the progress made and the actions delivered from the Warwickshire "
            "Prevent Action Plan during 2018 to 2019: training delivered by sector, referrals "
            "received and supported through Channel, and work with schools and communities.",
        ],
        date(2019, 9, 1),
    ),
    "channel_leaflet": (
        "Channel in Warwickshire: leaflet",
        "How the Channel process works in Warwickshire, for people making or receiving a referral.",
        [
            "Channel is a voluntary, confidential programme that supports people at risk of "
            "being drawn into terrorism.",
            "Partners in Warwickshire meet every month as the Channel panel to agree support "
            "for each person referred, such as mentoring, education, employment or health help.",
            "To make a referral, use the online referral form on the Prevent in Warwickshire "
            "website. In an emergency call 999.",
        ],
        date(2024, 4, 1),
    ),
    "channel_pathway": (
        "Warwickshire Channel panel referral pathway",
        "Each step a Prevent referral takes, from first concern to Channel panel and review.",
        [
            "1. A concern is raised and a referral is made online.",
            "2. The police Prevent team checks the referral for a risk of radicalisation.",
            "3. Referrals without that risk are passed to other services that can help.",
            "4. The Channel panel assesses the case and agrees a support plan with the person.",
            "5. The panel reviews progress until the risk has gone, then again after 6 and "
            "12 months.",
        ],
        date(2024, 4, 1),
    ),
    "wrap_outline": (
        "Workshop to Raise Awareness of Prevent (WRAP): course outline",
        "What the WRAP workshop covers, who it is for and how long it takes.",
        [
            "Length: about 1 hour 30 minutes. Home Office approved.",
            "Covers: what Prevent is; what can make someone vulnerable to radicalisation; the "
            "signs and behaviours linked to radicalisation; the support available and how to "
            "access it.",
        ],
        date(2025, 1, 6),
    ),
    "update_outline": (
        "Prevent Update Training: course outline",
        "The refreshed Prevent course for people who have done WRAP and those new to Prevent.",
        [
            "Length: 1 hour 30 minutes.",
            "Covers: an overview of the Prevent duty; current priorities and risks in "
            "Warwickshire; signs and symbols linked to extremism; the impact of online "
            "grooming; the support available and how to make an effective referral.",
        ],
        date(2025, 1, 6),
    ),
    "dsl_outline": (
        "DSL online Train the Trainer (WRAP 3): course outline",
        "How the workshop prepares designated safeguarding leads to deliver WRAP 3 to staff.",
        [
            "For designated safeguarding leads in Warwickshire schools.",
            "The workshop shows how to use the online WRAP 3 programme with groups of staff, "
            "so that staff are trained and informed about the Prevent agenda.",
        ],
        date(2025, 1, 6),
    ),
    "dsl_flyer": (
        "WRAP 3 for designated safeguarding leads: flyer and booking form",
        "Dates and the booking form for the DSL Train the Trainer workshop.",
        [
            "To book, fill in this form and send it to the administrative assistant, Education "
            "Safeguarding, Saltisford Office Park, Ansell Way, Warwick CV34 4UL.",
            "Name of school: ____________  Role: ____________  Preferred date: ____________",
        ],
        date(2025, 1, 6),
    ),
    "commissioned_flyer": (
        "Prevent training for commissioned services: flyer",
        "WRAP and Prevent Update Training for organisations that deliver services for the council.",
        [
            "The council's duty to stop people being drawn into terrorism stays with it when "
            "others deliver services for it. WRAP and Prevent Update Training are offered free "
            "to commissioned services and providers in Warwickshire.",
            "Find dates and book on the Prevent in Warwickshire website, training section.",
        ],
        date(2025, 1, 6),
    ),
}


CONTACTS = [
    (
        "Emergency services",
        "If someone is in immediate danger, or you see a crime happening.",
        "999",
        "",
        "24 hours a day",
        True,
    ),
    (
        "Anti-Terrorist Hotline",
        "To report suspicious activity or behaviour that could be linked to terrorism. "
        "You can stay anonymous.",
        "0800 789 321",
        "",
        "24 hours a day",
        True,
    ),
    (
        "Police Prevent officers (Warwickshire Police and West Mercia Police)",
        "If you are worried about someone, or want to know more about Prevent and the signs "
        "and behaviours to look out for.",
        "",
        "prevent@warwickshireandwestmercia.pnn.police.uk",
        "Monday to Friday, office hours",
        False,
    ),
    (
        "Council Prevent officer",
        "For support from Warwickshire County Council's Prevent officer, including advice "
        "about a concern or about training.",
        "01926 412016",
        "",
        "Monday to Friday, 9am to 5pm",
        False,
    ),
    (
        "Community Safety Team administrator",
        "If you cannot reach the council's Prevent officer. The administrator will find "
        "someone who can help.",
        "01926 412338",
        "",
        "Monday to Friday, 9am to 5pm",
        False,
    ),
]

OUT_OF_HOURS = [
    (
        "Warwickshire Emergency Duty Team (social care)",
        "Urgent social care help for children and adults at risk when council offices are closed.",
        "01926 886922",
        "",
        "Evenings, weekends and bank holidays",
    ),
    (
        "Police non-emergency number",
        "To report a concern or a crime that is not an emergency.",
        "101",
        "",
        "24 hours a day",
    ),
    (
        "Report online terrorist material",
        "Report content online that promotes terrorism or extremism. You can stay anonymous.",
        "",
        "https://www.gov.uk/report-terrorism",
        "Any time",
    ),
    (
        "Crimestoppers",
        "Give information about crime without saying who you are.",
        "0800 555 111",
        "https://crimestoppers-uk.org/",
        "24 hours a day",
    ),
    (
        "Childline",
        "Free, confidential help for children and young people.",
        "0800 1111",
        "https://www.childline.org.uk/",
        "24 hours a day",
    ),
    (
        "NSPCC helpline",
        "For adults who are worried about a child.",
        "0808 800 5000",
        "https://www.nspcc.org.uk/",
        "Monday to Friday 8am to 10pm, weekends 9am to 6pm",
    ),
    (
        "Samaritans",
        "Someone to talk to, whatever you are going through.",
        "116 123",
        "https://www.samaritans.org/",
        "24 hours a day",
    ),
    (
        "NHS 111",
        "Urgent medical help or advice, including mental health crisis support.",
        "111",
        "https://111.nhs.uk/",
        "24 hours a day",
    ),
]

RESOURCE_CATEGORIES = [
    (
        "e-learning",
        "E-learning",
        "Free online courses you can do at your own pace.",
        [
            (
                "Prevent awareness e-learning (Home Office)",
                "https://www.elearning.prevent.homeoffice.gov.uk/",
                "The main introduction to Prevent, refreshed after the Parsons Green review "
                "and the attacks of 2017, with new case studies.",
            ),
            (
                "Prevent referrals e-learning (Home Office)",
                "https://www.elearning.prevent.homeoffice.gov.uk/preventreferrals",
                "For people who already know about Prevent: when and how to refer someone, and "
                "how to respond to a referral you receive.",
            ),
            (
                "Channel awareness e-learning (Home Office)",
                "https://www.elearning.prevent.homeoffice.gov.uk/channelawareness",
                "For anyone who contributes to, sits on or runs a Channel panel, including how "
                "to share information about a case.",
            ),
        ],
    ),
    (
        "home-office",
        "Home Office resources",
        "Guidance and training for partners who have the Prevent duty.",
        [
            (
                "Prevent duty training",
                "https://www.gov.uk/guidance/prevent-duty-training",
                "The Home Office's catalogue of Prevent training and support resources, and the "
                "organisations that provide them.",
            ),
        ],
    ),
    (
        "schools",
        "Schools and education",
        "Materials for teachers, school leaders and parents.",
        [
            (
                "Educate Against Hate",
                "https://www.educateagainsthate.com/",
                "The Department for Education's site about Prevent and hate crime, with "
                "sections for parents, teachers and school leaders.",
            ),
            (
                "Extreme Dialogue",
                "https://extremedialogue.org/",
                "Free lesson materials for secondary schools about the causes and consequences "
                "of violent extremism, building young people's resilience and critical "
                "thinking online and offline.",
            ),
        ],
    ),
    (
        "communities",
        "Communities and families",
        "Support for communities and for keeping families safe online.",
        [
            (
                "Let's Talk About It",
                "https://www.ltai.info/",
                "Helps communities stop people becoming involved in terrorism, with news on "
                "its Facebook, Twitter and YouTube accounts.",
            ),
            (
                "Cyber Safe Warwickshire",
                "https://www.cybersafewarwickshire.com/",
                "The council's advice on staying safe online, for families, schools and "
                "businesses.",
            ),
        ],
    ),
]

# (quote, role, organisation, slug of the course it was about: linked when the training
# demo has loaded that course, which it does first).
TESTIMONIALS = [
    (
        "The session gave our college staff a clear picture of the local situation and the groups "
        "that are active. We now use it to brief staff on the images, phrases and groups to look "
        "out for, so we can support students and spot those at risk.",
        "Director of Student Services",
        "a further education college in Warwickshire",
        "prevent-update-training",
    ),
    (
        "Our staff found it interesting and relevant. It will help us spot vulnerable children "
        "earlier, and it challenged assumptions about who could be targeted. The part on how "
        "recruitment methods are changing was especially useful, and it was delivered in a really "
        "engaging way.",
        "Operational Manager",
        "Warwickshire Youth Justice Service",
        "workshop-to-raise-awareness-of-prevent",
    ),
    (
        "Well presented, thorough and informative, and it really made us think. Every one of us "
        "left having learned something new.",
        "Counsellor",
        "Warwickshire Counselling Centre (Sycamore Counselling Service)",
        "workshop-to-raise-awareness-of-prevent",
    ),
]
