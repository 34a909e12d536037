"""The words in generated records: incident narratives, case titles, summaries, notes and actions.

Written the way call handlers and officers write them (short, factual, partly abbreviated), so screens,
search and exports look like a working system. Nothing here names a real person or place beyond the
invented streets passed in.
"""

import random

GROUP_WORDS = ["group of youths", "group of teenagers", "gang of lads", "group of young people", "group of males"]
TIMES = ["most evenings this week", "again tonight", "every night since the weekend", "for the third time this week"]

NARRATIVES = {
    "rowdy_behaviour": [
        "Caller reports a {group} shouting and swearing {where}, kicking a ball against cars. Happening {times}.",
        "Group of about {count} young people drinking and being loud {where}. Residents feel intimidated walking past.",
        "Report of a {group} on bikes riding at pedestrians {where}. Left before officers arrived.",
        "Rowdy behaviour {where} after the pub closed; bins knocked over and shouting until 2am.",
    ],
    "noise": [
        "Loud music coming from a neighbouring property {times}, continuing past midnight.",
        "Caller reports a party with amplified music {where}; has asked them to turn it down with no success.",
        "Repeated shouting and banging from the flat above, {times}. Caller has young children.",
        "Dog barking constantly for hours while owner is out; neighbours say it is {times}.",
    ],
    "vehicle_nuisance": [
        "Cars meeting up {where} revving engines and doing doughnuts. {count} vehicles seen.",
        "Off-road motorbike being ridden at speed {where} and on the footpath. Rider wearing a black balaclava.",
        "Vehicle repeatedly parked across dropped kerb {where}; driver abusive when challenged.",
        "Car racing up and down {where} {times}; caller fears someone will be hurt.",
    ],
    "drugs": [
        "Suspected drug dealing {where}: cars pulling up for a few minutes then leaving. Strong smell of cannabis.",
        "Used needles and foil found {where}. People seen using in the alleyway.",
        "Regular visitors to an address {where} at all hours, short stays. Caller suspects dealing.",
    ],
    "street_drinking": [
        "Street drinkers gathering {where}, leaving cans and urinating in doorways.",
        "Group drinking on the benches {where} and shouting at passers-by {times}.",
    ],
    "begging": ["Aggressive begging reported {where}; shoppers followed to the cash machine."],
    "fireworks": [
        "Fireworks being let off {where} late at night and thrown towards houses.",
        "Young people throwing lit fireworks at cars {where}. Caller's dog terrified.",
        "Rockets fired along the street {where} {times}; one landed in a garden.",
    ],
    "animal_nuisance": [
        "Dog off its lead {where} rushing at children; owner refuses to control it.",
        "Neighbour keeping several dogs that bark day and night; smell of waste from the garden.",
    ],
    "intimidation": [
        "Victim reports being followed and called names {where} by a neighbour, {times}.",
        "Victim says a group waits outside the house and stares in through the window. Feels unsafe going out.",
        "Ongoing harassment by a neighbour: notes pushed through the door and insults when leaving the house.",
    ],
    "threatening_behaviour": [
        "Neighbour threatened to 'sort out' the victim during an argument over parking {where}.",
        "Victim threatened and sworn at by a {group} {where}; one pulled a hood up and squared up to him.",
        "Male shouting threats and banging on the victim's door late at night.",
    ],
    "neighbour_nuisance": [
        "Long-running dispute with next door over the boundary fence; rubbish thrown into the victim's garden.",
        "Neighbours slamming doors and playing loud music when the victim is home, {times}.",
        "Victim reports neighbour's visitors blocking the shared drive and being abusive when asked to move.",
    ],
    "nuisance_communications": [
        "Victim receiving abusive messages on social media from someone known to them, {times}.",
        "Repeated silent calls and offensive texts to the victim's phone from a withheld number.",
    ],
    "fly_tipping": [
        "Large amount of household waste and a mattress dumped {where}.",
        "Builders' rubble and plasterboard fly-tipped {where}; van seen leaving early this morning.",
        "Black bags and a fridge left {where} for over a week; rats seen.",
    ],
    "graffiti": [
        "Graffiti tags sprayed on walls and a bus shelter {where}.",
        "Offensive graffiti painted on a garage door {where}.",
    ],
    "litter": ["Litter and takeaway waste left {where} after groups gather in the evenings."],
    "criminal_damage": [
        "Windows of an empty property {where} smashed by a {group}.",
        "Wing mirrors kicked off cars parked {where} overnight.",
        "Fence panels pulled down and the play area equipment damaged {where}.",
    ],
    "abandoned_vehicle": ["Vehicle left {where} for three weeks, untaxed, with a flat tyre and a smashed window."],
    "dog_fouling": ["Persistent dog fouling on the footpath {where}; residents believe it is the same owner."],
}
GENERIC = ["Report of anti-social behaviour {where}, {times}."]
HATE_ADDITION = " Victim believes they were targeted because of their {reason}; abuse about this was shouted."
HATE_REASONS = ["race", "religion", "sexual orientation", "disability", "gender identity"]


def incident_narrative(rng: random.Random, type_code: str, where: str, hate_motivated: bool) -> str:
    text = rng.choice(NARRATIVES.get(type_code, GENERIC)).format(
        group=rng.choice(GROUP_WORDS), where=where, times=rng.choice(TIMES), count=rng.randint(3, 8)
    )
    return text + (HATE_ADDITION.format(reason=rng.choice(HATE_REASONS)) if hate_motivated else "")


def case_title(type_label: str, place: str, group: bool) -> str:
    problem = f"Group ASB ({type_label.lower()})" if group else type_label
    return f"{problem}, {place}"[:200]


CASE_SUMMARIES = [
    "Repeated reports from the same area over several weeks. Victim is worn down and considering moving. "
    "Partners agreed to open a case to coordinate a response.",
    "Escalating pattern of incidents involving the same people. Risk assessment completed with the victim.",
    "Residents' complaints about the same location; ward councillor has asked for a joint plan.",
    "Problem identified through repeat calls to police and council; information shared under the CSP protocol.",
]
CASE_NOTES = [
    "Spoke to the victim by phone. Incidents continuing, mainly in the evenings. Agreed to keep diary sheets.",
    "Home visit completed with housing officer. Victim anxious; gave crime prevention advice and a diary.",
    "Checked police systems: two further calls since the last review, both attended.",
    "Letter delivered to the alleged perpetrator's address setting out the behaviour reported.",
    "Discussed at the joint action group; police to increase patrols on Friday and Saturday evenings.",
    "Mediation offered to both parties; victim willing, other party has not replied.",
    "Mobile CCTV request submitted; camera expected to be deployed within two weeks.",
    "No new reports for three weeks. Victim reports things are calmer.",
    "Victim called to say the problem started again at the weekend.",
    "Youth service outreach workers engaged with the group at the park.",
]
ACTIONS = {
    "police": [
        "Increase high-visibility patrols at the location on Friday and Saturday evenings",
        "Identify the young people involved and visit their parents",
        "Issue a Community Protection Warning",
        "Review police calls to the address and share with partners",
    ],
    "local_authority": [
        "Send a warning letter to the alleged perpetrator",
        "Deploy mobile CCTV for four weeks",
        "Refer victim and neighbour to the mediation service",
        "Arrange removal of fly-tipped waste and install signage",
        "Complete a risk assessment with the victim",
        "Prepare an application for a civil injunction",
    ],
    "housing": [
        "Carry out a tenancy visit and issue a tenancy warning",
        "Offer the victim a management transfer assessment",
        "Repair the communal door entry system",
    ],
    "other": ["Refer the young people to diversionary activities with the youth service"],
}
CLOSING_NOTES = ["No further reports for six weeks.", "Victim satisfied with the outcome.", "Agreed at review meeting."]
