"""Names for generated people, drawn with realistic frequencies and the spelling variants real records hold.

Frequencies are rounded shares per 10,000 people, after ONS surname and baby-name counts for England and
Wales; Leicester's own mix (where Patel is the commonest surname and a third of residents have Indian
heritage) is reflected by drawing a heritage first, weighted per district from the 2021 census. Spelling
variants (Smyth for Smith, Jon for John, Catherine for Katherine) appear at their real relative rates, so
search and duplicate matching meet the same spellings officers see.
"""

import random
from dataclasses import dataclass

from casemgmt.demo.weighted import Weighted


def weighted_table(table: str) -> Weighted[str]:
    """Parse "Name 12, Other Name 3" into a weighted choice of names."""
    pairs = [item.strip().rsplit(" ", 1) for item in table.replace("\n", " ").split(",") if item.strip()]
    return Weighted([name for name, _ in pairs], [float(weight) for _, weight in pairs])


BRITISH_SURNAMES = weighted_table("""
    Smith 126, Jones 75, Williams 55, Taylor 50, Brown 48, Davies 45, Evans 30, Wilson 30, Thomas 30,
    Johnson 28, Roberts 28, Robinson 22, Thompson 22, Wright 21, Walker 21, White 20, Edwards 20, Hughes 20,
    Green 19, Hall 19, Lewis 19, Harris 19, Clarke 18, Jackson 17, Wood 17, Turner 16, Martin 16, Cooper 16,
    Hill 16, Ward 15, Morris 15, Moore 15, Clark 15, Lee 15, King 15, Baker 15, Harrison 14, Morgan 14,
    Allen 13, James 13, Scott 13, Phillips 13, Watson 13, Davis 12, Parker 12, Price 12, Bennett 12, Young 12,
    Griffiths 12, Mitchell 11, Kelly 11, Cook 11, Carter 11, Richardson 11, Bailey 11, Collins 11, Bell 11,
    Shaw 11, Murphy 11, Miller 10, Cox 10, Richards 10, Marshall 10, Anderson 10, Simpson 10, Ellis 10,
    Adams 10, Wilkinson 9, Foster 9, Chapman 9, Powell 9, Webb 9, Rogers 9, Gray 9, Mason 9, Hunt 9,
    Campbell 9, Matthews 9, Owen 9, Palmer 9, Holmes 9, Mills 8, Barnes 8, Knight 8, Lloyd 8, Butler 8,
    Russell 8, Barker 8, Fisher 8, Stevens 8, Jenkins 8, Murray 8, Dixon 8, Harvey 8, Reid 6, MacDonald 6,
    O'Brien 5, O'Neill 4, Whitehead 4, Burton 5, Pearson 5, Coleman 4, Atkinson 5
""")
BRITISH_FORENAMES = {
    ("m", "old"): weighted_table("""
        John 30, David 26, Michael 20, Peter 16, Robert 15, Anthony 10, Brian 10, Alan 9, Keith 8, Terence 6,
        Barry 6, Roger 6, Geoffrey 5, Colin 6, Kenneth 6, Dennis 4, Raymond 6, Malcolm 5, Philip 6, Stephen 6
    """),
    ("f", "old"): weighted_table("""
        Margaret 22, Susan 20, Patricia 16, Christine 14, Linda 14, Janet 11, Carol 11, Barbara 10, Elizabeth 10,
        Mary 12, Jean 9, Sandra 10, Pauline 8, Brenda 7, Maureen 7, Ann 8, Jennifer 8, Valerie 6, Kathleen 6
    """),
    ("m", "middle"): weighted_table("""
        David 20, Paul 18, Mark 18, Andrew 17, Richard 13, Stephen 12, Michael 14, Christopher 15, James 14,
        Darren 9, Lee 9, Jason 8, Daniel 11, Matthew 12, Craig 7, Gary 8, Wayne 6, Neil 7, Dean 6, Carl 6,
        Stuart 6, Simon 8, Kevin 7, John 10, Sean 6, Philip 5, Alan 3
    """),
    ("f", "middle"): weighted_table("""
        Sarah 18, Claire 13, Emma 14, Lisa 11, Nicola 11, Michelle 10, Karen 10, Joanne 9, Helen 10, Rachel 10,
        Kelly 8, Laura 11, Gemma 8, Samantha 9, Louise 9, Donna 6, Tracey 6, Katherine 7, Victoria 8, Amanda 7,
        Julie 8, Jennifer 6, Hayley 6, Stacey 5, Zoe 4, Ann 2
    """),
    ("m", "young"): weighted_table("""
        Jack 16, Thomas 14, Joshua 14, James 13, Oliver 12, Daniel 11, Harry 11, Charlie 9, Callum 8, Ryan 9,
        Liam 8, Connor 8, Kieran 6, Jake 8, Lewis 7, Tyler 7, Alfie 6, Ethan 8, Kai 5, Reece 5, Jordan 7,
        Mason 5, Riley 5, Jayden 4, Leo 4
    """),
    ("f", "young"): weighted_table("""
        Chloe 14, Emily 14, Jessica 13, Megan 11, Olivia 10, Sophie 12, Lauren 11, Amy 9, Hannah 10, Ellie 9,
        Charlotte 10, Holly 7, Leah 7, Bethany 7, Abigail 6, Jade 6, Paige 6, Courtney 5, Amelia 6, Grace 7,
        Isabel 5, Lily 6, Zoe 3
    """),
}

# Heritage groups other than British/Irish; their forenames are not split by age (the counts are too small).
OTHER_SURNAMES = {
    "south_asian": weighted_table("""
        Patel 40, Mistry 8, Parmar 7, Chauhan 5, Solanki 5, Shah 6, Joshi 4, Lad 3, Makwana 3, Rathod 3,
        Vaghela 2, Pandya 2, Desai 3, Singh 12, Kaur 8, Khan 10, Ali 8, Hussain 7, Ahmed 7, Mohammed 5,
        Begum 5, Miah 3, Rahman 3, Iqbal 3, Chowdhury 2
    """),
    "east_european": weighted_table("""
        Nowak 6, Kowalski 5, Wiśniewski 4, Wójcik 4, Kamiński 3, Lewandowski 3, Zieliński 3, Popescu 3,
        Ionescu 2, Kazlauskas 2, Petrov 2, Horvath 2
    """),
    "african_caribbean": weighted_table("""
        Mohamed 8, Abdi 6, Hassan 6, Farah 5, Osman 4, Ahmed 5, Okafor 3, Mensah 3, Adeyemi 3, Campbell 4,
        Williams 4, Brown 3, Francis 3, Grant 2, Omar 3
    """),
}
OTHER_FORENAMES = {
    ("m", "south_asian"): weighted_table("""
        Raj 6, Sanjay 6, Vijay 5, Amit 6, Nikhil 4, Rohan 5, Arjun 5, Dev 3, Hitesh 4, Jayesh 4, Dilip 4,
        Harjit 3, Gurpreet 3, Mohammed 10, Imran 5, Asif 4, Yusuf 4, Zain 3, Ayaan 3, Ibrahim 4, Omar 3, Aarav 3
    """),
    ("f", "south_asian"): weighted_table("""
        Priya 6, Anjali 5, Nisha 5, Pooja 5, Meera 4, Hema 4, Kiran 4, Jaswinder 3, Harpreet 3, Fatima 6,
        Ayesha 5, Aisha 5, Zara 4, Amira 3, Sana 3, Hina 3, Bhavna 4, Nita 3, Riya 4, Asha 4
    """),
    ("m", "east_european"): weighted_table("""
        Piotr 6, Tomasz 5, Krzysztof 4, Marek 4, Andrei 4, Jakub 5, Mateusz 4, Pawel 4, Lukas 3, Mihai 3
    """),
    ("f", "east_european"): weighted_table("""
        Anna 6, Katarzyna 5, Agnieszka 4, Magdalena 4, Ioana 3, Elena 4, Monika 4, Joanna 4, Natalia 3
    """),
    ("m", "african_caribbean"): weighted_table("""
        Abdi 5, Mohamed 6, Ahmed 4, Hassan 4, Kwame 3, Chinedu 2, Tobi 2, Daniel 4, Samuel 4, Joshua 4, Marcus 3
    """),
    ("f", "african_caribbean"): weighted_table("""
        Hodan 4, Amina 5, Fartun 3, Sahra 4, Ayan 3, Grace 4, Blessing 3, Precious 2, Chioma 2, Shanice 3
    """),
}

# Heritage mix per district (2021 census, rounded): Leicester is the only majority-minority city in LLR.
HERITAGE = ["british", "south_asian", "east_european", "african_caribbean"]
HERITAGE_BY_DISTRICT = {
    "E06000016": Weighted(HERITAGE, [42, 42, 7, 9]),  # Leicester
    "E07000135": Weighted(HERITAGE, [68, 26, 3, 3]),  # Oadby and Wigston
    "E07000130": Weighted(HERITAGE, [82, 12, 4, 2]),  # Charnwood (Loughborough)
    "E07000129": Weighted(HERITAGE, [84, 11, 3, 2]),  # Blaby
}
DEFAULT_HERITAGE = Weighted(HERITAGE, [93, 3, 3, 1])

# Real alternative spellings and the share of records using them.
SPELLING_VARIANTS = {
    "Smith": [("Smyth", 0.03)],
    "Thompson": [("Thomson", 0.10)],
    "Clarke": [("Clark", 0.05)],
    "Reid": [("Reed", 0.25), ("Read", 0.15)],
    "Stevens": [("Stephens", 0.30)],
    "Phillips": [("Philips", 0.08)],
    "Matthews": [("Mathews", 0.08)],
    "MacDonald": [("McDonald", 0.45), ("Macdonald", 0.15)],
    "O'Brien": [("OBrien", 0.05), ("O Brien", 0.03)],
    "O'Neill": [("O'Neil", 0.15)],
    "Gray": [("Grey", 0.25)],
    "White": [("Whyte", 0.02)],
    "Chowdhury": [("Choudhury", 0.35), ("Chaudhry", 0.15)],
    "Mohammed": [("Muhammad", 0.25), ("Mohammad", 0.15), ("Mohamed", 0.15)],
    "Wiśniewski": [("Wisniewski", 0.40)],
    "John": [("Jon", 0.06)],
    "Katherine": [("Catherine", 0.35), ("Kathryn", 0.15), ("Katharine", 0.05)],
    "Stephen": [("Steven", 0.35)],
    "Philip": [("Phillip", 0.30)],
    "Sean": [("Shaun", 0.30), ("Shawn", 0.05)],
    "Claire": [("Clare", 0.25)],
    "Rachel": [("Rachael", 0.12)],
    "Geoffrey": [("Jeffrey", 0.25)],
    "Zoe": [("Zoë", 0.15)],
    "Isabel": [("Isabelle", 0.30), ("Isobel", 0.20)],
    "Lewis": [("Louis", 0.25)],
    "Carl": [("Karl", 0.25)],
    "Tracey": [("Tracy", 0.35)],
    "Hayley": [("Haley", 0.20)],
    "Alan": [("Allan", 0.15), ("Allen", 0.05)],
    "Ann": [("Anne", 0.45)],
    "Jayden": [("Jaden", 0.25)],
    "Aisha": [("Ayesha", 0.20)],
    "Leah": [("Lea", 0.10)],
}

# Surnames only women carry, and what a man of the same family is usually called.
WOMEN_ONLY_SURNAMES = {"Kaur": "Singh", "Begum": "Miah"}

# Polish and Lithuanian surnames take a feminine form.
FEMININE_SURNAMES = {
    "Kowalski": "Kowalska",
    "Wiśniewski": "Wiśniewska",
    "Kamiński": "Kamińska",
    "Lewandowski": "Lewandowska",
    "Zieliński": "Zielińska",
    "Kazlauskas": "Kazlauskienė",
}


def vary(rng: random.Random, name: str) -> str:
    """The name as this record spells it: usually the common spelling, sometimes a real variant."""
    roll = rng.random()
    for variant, share in SPELLING_VARIANTS.get(name, ()):
        if roll < share:
            return variant
        roll -= share
    return name


def another_spelling(rng: random.Random, name: str) -> str:
    """A different spelling of the same name, if one exists (for the same person recorded twice)."""
    variants = [variant for variant, _ in SPELLING_VARIANTS.get(name, ())]
    variants += [base for base, options in SPELLING_VARIANTS.items() if any(v == name for v, _ in options)]
    return rng.choice(variants) if variants else name


@dataclass(frozen=True)
class Name:
    forename: str
    surname: str
    sex: str


def age_cohort(age: int) -> str:
    if age < 30:
        return "young"
    return "middle" if age < 62 else "old"


def pick_name(rng: random.Random, district_code: str, age: int) -> Name:
    """A forename and surname as common as they are among LLR residents of that district and age."""
    heritage = HERITAGE_BY_DISTRICT.get(district_code, DEFAULT_HERITAGE).pick(rng)
    sex = "f" if rng.random() < 0.5 else "m"
    if heritage == "british":
        forenames, surnames = BRITISH_FORENAMES[(sex, age_cohort(age))], BRITISH_SURNAMES
    else:
        forenames, surnames = OTHER_FORENAMES[(sex, heritage)], OTHER_SURNAMES[heritage]
    forename, surname = forenames.pick(rng), surnames.pick(rng)
    surname = (FEMININE_SURNAMES if sex == "f" else WOMEN_ONLY_SURNAMES).get(surname, surname)
    return Name(vary(rng, forename), vary(rng, surname), sex)
