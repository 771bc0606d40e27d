"""The legal pages of the demo site: accessibility statement, privacy notice, cookies.

Functions, not constants: they take dates and mailboxes at load time.
"""

ICO = """
## How to complain

If you are unhappy with how we have used your information, contact the Data Protection
Officer first (the address is above).

You can also complain to the Information Commissioner's Office (ICO), the UK's regulator for
data protection:

- online at [ico.org.uk/make-a-complaint](https://ico.org.uk/make-a-complaint/)
- by telephone on 0303 123 1113
- by post to Information Commissioner's Office, Wycliffe House, Water Lane, Wilmslow,
  Cheshire SK9 5AF
"""


def privacy(*, team_email):
    return {
        "title": "Privacy notice",
        "summary": (
            "How Warwickshire County Council uses the information you give when you book "
            "Prevent training or make a Prevent referral on this website."
        ),
        "body": f"""
## Who we are

Warwickshire County Council is the data controller for the information collected on this
website. The Community Safety Team runs the site.

You can contact the council's Data Protection Officer by writing to the Data Protection
Officer, Warwickshire County Council, Shire Hall, Warwick CV34 4RL.

## Booking Prevent training

### What we collect

When you book a place on a course, we collect:

- your name
- your email address
- your telephone number
- your organisation
- the sector you work in
- your job role
- any access needs or dietary needs you tell us about

### Why we use it and our lawful basis

We use this information to run the course: to confirm your place, send reminders, tell you
about changes, keep an attendance register and report on how many people from each sector
have been trained. Our lawful basis is public task (UK GDPR Article 6(1)(e)): councils must
have due regard to the need to prevent people being drawn into terrorism, under the
Counter-Terrorism and Security Act 2015.

Access and dietary needs can reveal information about your health. We use them only to make
the session work for you, with your explicit consent (Article 9(2)(a)). You can ask us to
delete them at any time.

### Who we share it with

The trainers delivering your session see the delegate list. We do not share your booking
with anyone else, and we never use it for marketing.

### How long we keep it

We keep booking records for 2 years after the session, then delete them.

## Making a Prevent referral

### What we collect

A referral holds information about the person you are worried about (such as their name,
date of birth, address and the reasons for concern) and about you as the referrer (your name,
role, organisation and contact details). It may include special category information, such as
someone's religious or political beliefs, health or ethnicity, and information about
criminal offences.

### Our lawful basis

We process referrals because it is a public task (UK GDPR Article 6(1)(e)): the council has
duties under the Counter-Terrorism and Security Act 2015 to prevent people being drawn into
terrorism and to run a Channel panel.

For special category information our condition is substantial public interest (Article
9(2)(g)), under the Data Protection Act 2018, Schedule 1: safeguarding of children and of
individuals at risk, and preventing or detecting unlawful acts.

### Who we share it with

Every referral is shared with the police Prevent team (Counter Terrorism Policing), who
assess it. If the case goes to the Channel panel, the information the panel needs is shared
with its members, such as children's or adults' social care, education and health. We share
only what is needed to keep someone safe.

### How long we keep it

- Referrals that are not taken forward: 3 years after the case is closed.
- All other referrals: 6 years after the case is closed.

After that, the personal details are erased. We keep only anonymous figures (such as the
month, district and type of concern) for our annual report, which cannot identify anyone.

A referral you have started but not sent is kept, encrypted, for 2 hours after you last
saved a page, and then deleted.

### How we protect it

Referral details are encrypted when stored, and only Prevent officers can see them. Every
time an officer views or changes a case, it is recorded.

## Your rights

You have the right to:

- ask for a copy of the information we hold about you
- ask us to correct information that is wrong
- ask us to delete information, where we no longer have a reason to keep it
- ask us to restrict how we use your information
- object to how we use your information
- withdraw your consent, where we rely on it

Some rights are limited where information is held to prevent crime or to safeguard people.
We will explain if this applies. To use any of these rights, contact the Data Protection
Officer, or email the Prevent team at [{team_email}](mailto:{team_email}).

We do not make decisions about you by automated means.
{ICO}""",
    }


def accessibility(*, team_email, prepared_on, reviewed_on):
    return {
        "title": "Accessibility statement",
        "summary": "How accessible this website is, what to do if you cannot use part of it, and how to complain.",
        "body": f"""
## Using this website

Warwickshire County Council's Community Safety Team runs this website. We want as many people
as possible to be able to use it. For example, you should be able to:

- change colours, contrast levels and fonts using your browser or device settings
- zoom in up to 400% without the text spilling off the screen
- navigate the whole site using just a keyboard or speech recognition software
- use the whole site without JavaScript
- listen to most of the site using a screen reader

[AbilityNet](https://mcmw.abilitynet.org.uk/) has advice on making your device easier to use
if you have a disability.

## How accessible this website is

We know some parts of this website are not fully accessible:

- some older PDF documents, such as the 2019 action plan and annual report, are not fully
  accessible to screen reader software
- some links go to other organisations' websites, which we do not control

## Feedback and contact information

If you need information on this website in a different format, like an accessible PDF, large
print, easy read, audio recording or braille:

- email [{team_email}](mailto:{team_email})
- call the Community Safety Team on 01926 412338

We will consider your request and get back to you within 10 working days.

## Reporting accessibility problems with this website

We are always looking to improve the accessibility of this website. If you find any problems
not listed on this page or think we are not meeting accessibility requirements, email
[{team_email}](mailto:{team_email}).

## Enforcement procedure

The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector
Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018 (the
accessibility regulations). If you are not happy with how we respond to your complaint,
contact the [Equality Advisory and Support Service (EASS)](https://www.equalityadvisoryservice.com/).

## Technical information about this website's accessibility

Warwickshire County Council is committed to making its website accessible, in accordance with
the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations
2018.

### Compliance status

This website is partially compliant with the
[Web Content Accessibility Guidelines version 2.2](https://www.w3.org/TR/WCAG22/) AA standard,
due to the non-compliances listed below.

## Non-accessible content

### Non-compliance with the accessibility regulations

Some of our older PDF documents do not have tagged headings and reading order, so screen
readers may not read them correctly. This fails WCAG 2.2 success criterion 1.3.1 (Info and
Relationships). We plan to replace them with accessible versions when each is next reviewed.

### Disproportionate burden

We are not claiming disproportionate burden for any content.

### Content that is not within the scope of the accessibility regulations

PDFs and other documents published before 23 September 2018 do not need to meet
accessibility standards if they are not essential to providing our services.

## How we tested this website

Every page type on this website is tested automatically with axe-core and the Nu HTML
Checker each time the site changes, and checked by hand with a keyboard, at 320 pixels wide
and at 400% zoom.

## Preparation of this accessibility statement

This statement was prepared on {prepared_on.day} {prepared_on:%B %Y}. It was last reviewed
on {reviewed_on.day} {reviewed_on:%B %Y}.
""",
    }


def cookies():
    return {
        "title": "Cookies",
        "summary": "This website only uses cookies it needs to work. It does not use analytics or advertising cookies.",
        "body": """
Cookies are small files saved on your phone, tablet or computer when you visit a website.

## Essential cookies

We only use essential cookies. They make forms such as the course booking and the referral
form work and keep them secure. They do not track you, and we do not need to ask your
permission to use them, so there is no cookie banner on this site.

| Name | Purpose | Expires |
| --- | --- | --- |
| csrftoken | Protects the forms on this site from being submitted by another website | 1 year |
| sessionid | Remembers your answers while you book a course or make a referral, and keeps staff signed in | After 2 weeks (for staff, after 30 minutes without activity) |

On the live site these cookies are called __Host-csrftoken and __Host-sessionid: the prefix
tells your browser to send them only to this website over a secure connection.

## Analytics and advertising

We do not use analytics cookies, advertising cookies or any cookies set by other
organisations. If that changes, we will ask for your permission first and update this page.
""",
    }
