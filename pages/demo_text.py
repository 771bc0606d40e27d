"""The words of the demo site's guidance pages (Markdown), written for this site.

Facts come from the council's Prevent page; contacts are named by role, never by person.
The legal pages are in demo_legal.py; the loader is demo.py.
"""

HOME = {
    "title": "Prevent in Warwickshire",
    "summary": (
        "Prevent is about protecting people from being drawn into terrorism. In Warwickshire "
        "the county council, the police, schools, health services and community groups work "
        "together to spot the signs early and offer support before any crime is committed."
    ),
    "body": "",
}

ABOUT = {
    "title": "About Prevent",
    "summary": (
        "What Prevent is, why it matters in Warwickshire and where it sits in the country's "
        "counter-terrorism strategy."
    ),
    "body": """
## Why Prevent matters here

Warwickshire is a relatively safe county, and most types of crime here keep falling. But
what happens in the rest of the world reaches us too. Terrorist groups and extremist causes
recruit internationally and online, and some people in every community can be pulled towards
them.

## Working together

Public services and communities in Warwickshire work together to deliver the Government's
Prevent strategy. The county council, Warwickshire Police, schools and colleges, health
services, probation, voluntary groups and faith communities all have a part to play.

## Prevent and CONTEST

CONTEST is the Government's strategy for countering terrorism. It has four strands:

- **Pursue**: stopping terrorist attacks
- **Prevent**: stopping people becoming terrorists or supporting terrorism
- **Protect**: strengthening our protection against an attack
- **Prepare**: reducing the impact of an attack

Prevent is the only strand that works before any crime has happened. The rest of this guide
explains its objectives, how it fits with safeguarding, how the Channel programme supports
people, and what Warwickshire's own plan says.
""",
}

STRATEGY = {
    "title": "The Prevent strategy",
    "summary": "The three objectives of the Prevent strategy and how it defines extremism.",
    "body": """
## The three objectives

The Prevent strategy sets out to:

1. respond to the ideological challenge of terrorism and to the threat from those who
   promote it
2. stop people being drawn into terrorism, and make sure they get the advice and support
   they need
3. work with the sectors and institutions where there is a risk of radicalisation, such as
   education, health, faith groups, charities and the criminal justice system

## Every form of terrorism

Prevent deals with all forms of terrorism, whatever the ideology behind it. That includes
far right and far left extremism as well as Islamist extremism, and people whose views are
mixed, unclear or unstable.

## How extremism is defined

The strategy defines extremism as:

> vocal or active opposition to fundamental British values, including democracy, the rule of
> law, individual liberty and mutual respect and tolerance of different faiths and beliefs

Holding strong or unpopular views is not extremism, and it is not a reason to make a
referral. What matters is whether someone may be moving towards supporting or taking part
in terrorism.
""",
}

SAFEGUARDING = {
    "title": "Prevent and safeguarding",
    "summary": (
        "Prevent works in the pre-criminal space: it is about supporting people at risk, "
        "in the same way as other safeguarding."
    ),
    "body": """
## The pre-criminal space

Prevent works before any crime has been committed. It offers support and a different
direction to people who are vulnerable to being groomed into terrorist activity. Taking
part is voluntary, and it does not give anyone a criminal record.

## Radicalisation is a safeguarding issue

People are drawn into extremism in ways that are like other forms of harm and abuse, such
as child sexual exploitation or county lines. Groomers look for people who feel isolated,
angry or searching for belonging, and they often work online.

That is why concerns about radicalisation are handled as safeguarding, alongside the rest of
the safeguarding arrangements in Warwickshire. If you work with children or adults at risk,
follow your organisation's safeguarding procedure and talk to your safeguarding lead.

## Signs that someone may need help

There is no single profile, and any one sign on its own may mean nothing. Things to notice
include someone who:

- becomes isolated from family and friends, or changes friendship group suddenly
- talks as if from a script, or is unwilling to discuss their views
- shows a sudden disrespect for, or intolerance of, others
- spends more time online, or is secretive about what they do online
- uses extremist symbols, language or material

If you are worried, [find out who to contact](/get-help/).
""",
}

CHANNEL = {
    "title": "The Channel process",
    "summary": (
        "Channel is the multi-agency programme that supports people who are at risk of "
        "being drawn into terrorism."
    ),
    "body": """
## What Channel is

Channel is a key part of the Prevent strategy. Partner agencies work together to identify
people who are at risk of being drawn into terrorism, assess the risk and decide what
support would help them.

## How it works in Warwickshire

1. Someone who is worried about a person makes a referral.
2. The police Prevent team checks the referral to see whether there is a risk of
   radicalisation. Many referrals are passed to other services that can help better.
3. If there is a risk, the case goes to the Channel panel. The panel is chaired by the
   county council and includes the police, education, health and social care.
4. The panel agrees a support plan with the person (or their parent or carer), for example
   mentoring, help with education or work, or health support.
5. The panel reviews progress until the risk has gone, and checks again after 6 and 12
   months.

Channel panel meetings in Warwickshire are held every month. Taking part is voluntary.

The leaflet below explains the process, and the pathway shows each step a referral takes.

## Make a referral

If you are worried that someone is being drawn into terrorism, you can
[make a Prevent referral online](/referrals/). If someone is in immediate danger, call 999.
""",
}

ACTION_PLAN = {
    "title": "Action plan and annual report",
    "summary": (
        "Warwickshire's Prevent action plan and the annual report on what it has delivered."
    ),
    "body": """
## The local action plan

Warwickshire has a local action plan that puts the Prevent strategy into practice in the
county, and in particular the duties in the Prevent and Channel legislation.

The plan belongs to the Warwickshire Prevent Working Group, a partnership of agencies that
reports to the Safer Warwickshire Partnership Board.

## The annual report

The annual report sets out the progress made and the actions delivered from the plan
between 2018 and 2019.
""",
}

GET_HELP = {
    "title": "Get help",
    "summary": (
        "Who to contact if you are worried that someone is being drawn into terrorism or "
        "extremism, including in an emergency and outside office hours."
    ),
    "body": """
## If you are worried about someone

You do not need to be certain before you get in touch. The police Prevent officers and the
council's Prevent officer can talk through your concerns, explain the signs and behaviours to
look out for and tell you what support is available.

If you work with children or adults at risk, also tell your organisation's safeguarding lead.

If you think someone needs support, you can [make a Prevent referral](/referrals/).
""",
}

LEARNING = {
    "title": "Learning and development",
    "summary": (
        "Free Prevent training: e-learning, face-to-face courses, and sessions for "
        "safeguarding leads, parents and commissioned services."
    ),
    "body": """
## Start with the e-learning

To learn how radicalisation happens, how to spot someone at risk and what to do about it,
start with our free e-learning course. It takes about 30 minutes. You log in as a guest, so
you do not need an account. You will find the link on the [training page](/training/).

## Training through the year

We run Prevent training courses throughout the year:

- the Workshop to Raise Awareness of Prevent (WRAP)
- Prevent Update Training, for people who have done WRAP before and people new to Prevent
- Prevent and online grooming
- Train the Trainer, for people who want to deliver WRAP in their own organisation

Find dates and book a place on the [Prevent training page](/training/).

## How to book

If you work for Warwickshire County Council, book through Your HR.

If you are an external delegate, book through the [training page](/training/). Teams and
groups can also ask for a WRAP session at a time that suits them.

This guide explains each option.
""",
}

E_LEARNING = {
    "title": "E-learning",
    "summary": "Our 30-minute e-learning course and the Home Office's three e-learning packages.",
    "body": """
## Our 30-minute course

Our own free e-learning course covers how radicalisation happens, how to recognise someone at
risk and what you can do. It takes about 30 minutes, and you log in as a guest.

## Home Office e-learning

The Home Office offers three free e-learning packages.

### Prevent awareness

The main awareness course was refreshed to take in the recommendations of the review after
the Parsons Green attack, changes to the threat after the attacks of 2017, and new case
studies. [Prevent awareness e-learning](https://www.elearning.prevent.homeoffice.gov.uk/)

### Prevent referrals

For people who have done the awareness e-learning or a WRAP workshop. It is for anyone who
may notice that someone is vulnerable to radicalisation, and builds confidence in referring
them for help. It also helps people who receive referrals, such as line managers, decide how
to respond: finding out more, or asking partner agencies for support.
[Prevent referrals e-learning](https://www.elearning.prevent.homeoffice.gov.uk/preventreferrals)

### Channel awareness

For anyone who may contribute to, sit on or run a Channel panel, from a professional asked to
attend for the first time to someone organising a panel meeting. It explains what Channel is,
how it works in your region and how to share information about a Channel case: how, when and
with whom. [Channel awareness e-learning](https://www.elearning.prevent.homeoffice.gov.uk/channelawareness)
""",
}

FACE_TO_FACE = {
    "title": "Face-to-face courses",
    "summary": "WRAP, Prevent Update Training, online grooming and Train the Trainer.",
    "body": """
## Workshop to Raise Awareness of Prevent (WRAP)

A Home Office approved introduction to Prevent, open to communities, individuals,
professionals, partner agencies and commissioned services. It takes about an hour and a half
and covers what can make someone vulnerable to radicalisation, the signs and behaviours to
look for, and how to get support for them.

## Prevent Update Training

The Prevent duty began in 2015, and many people have been to a WRAP workshop since. The threat
from violent extremism keeps changing, so this course refreshes what you know. It covers:

- a short overview of the Prevent duty
- the current priorities and risks in Warwickshire
- the signs and symbols linked to extremism, including far right groups
- how online grooming works and its impact
- what support there is and how to get it, including how to make a good referral

It takes an hour and a half. It suits people who have done WRAP and need a refresher, and
people who are new to Prevent.

## Prevent and online grooming

How social media and gaming can be used to groom vulnerable people, for radicalisation and for
other kinds of harm. It covers different apps, the dark web and gaming, with guides to staying
safe online.

## Train the Trainer

For staff who need a longer introduction to Prevent and want to deliver WRAP in their own
organisation.

Find dates and book on the [Prevent training page](/training/).
""",
}

DSL = {
    "title": "Training for designated safeguarding leads",
    "summary": "How designated safeguarding leads can deliver WRAP 3 to school staff.",
    "body": """
## WRAP 3

WRAP 3 is an online version of the Workshop to Raise Awareness of Prevent. Designated
safeguarding leads (DSLs) used to go on a Train the Trainer course run by police Prevent
officers so they could deliver the original WRAP to school staff.

Workshops now help DSLs use WRAP 3 with groups of staff, so everyone in the school is trained
and knows about the Prevent agenda.

## How to book

Read the course outline, then fill in the booking form in the flyer below. Send it to the
administrative assistant in the Education Safeguarding team, at Saltisford Office Park,
Ansell Way, Warwick CV34 4UL, or by email to the address on the form.
""",
}

PARENTS = {
    "title": "Training for parents",
    "summary": "Online Grooming: Keeping Your Family Safe, a session for parents and front-line workers.",
    "body": """
## Online Grooming: Keeping Your Family Safe

A session for parents and front-line workers about keeping children safe online.

In the first half, we look at how groomers target young people online and befriend them. The
second half is led by the Community Safety Team's cyber crime advisers. They show parents some
of the websites young people may be using, the dangers of each and how to set up security
settings on the technology at home.

## Booking a session

Groups of parents can book directly. Schools and community groups can arrange a session for
parents at a date and time that suits them. Ask for one on the
[Prevent training page](/training/).

For more about staying safe online, visit
[Cyber Safe Warwickshire](https://www.cybersafewarwickshire.com/).
""",
}

COMMISSIONED = {
    "title": "Training for commissioned services",
    "summary": "Prevent training for organisations that deliver services for the council.",
    "body": """
## Why it matters

The council has a duty to make sure people are not radicalised, whatever the ideology, and are
not drawn into terrorism. That duty stays with the council when another organisation delivers
a service for it under a contract.

## What we offer

WRAP and Prevent Update Training are open to local commissioned services and providers. The
flyer below has the details.
""",
}

RESOURCES = {
    "title": "Resources",
    "summary": "Websites, materials and e-learning about Prevent for professionals, schools and communities.",
    "body": """
These organisations offer free resources about Prevent, extremism and staying safe online.
""",
}

NEWSLETTERS = {
    "title": "Prevent newsletters",
    "summary": "Our quarterly Prevent newsletter: news, training dates and resources.",
    "body": """
## Get the newsletter by email

We share the Prevent newsletter every quarter through Keep Me Posted, the council's email
update service. Sign up with Keep Me Posted and choose Safe in Warwickshire, under the Crime
heading.
""",
}
