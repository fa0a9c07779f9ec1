#!/usr/bin/env python3
"""Builds dev.jsonl / heldout.jsonl from the hand annotations below (stdlib only).

The annotations were made by hand from the article text alone; this script only
assembles them, copies each paragraph verbatim from the source file and applies
the fixed article-level split.  Re-running it reproduces the frozen gold files.

Split: the 16 Wikinews file stems, sorted, are shuffled with random.Random(13);
the first ceil(16/3) = 6 stems go to heldout, the rest to dev; the user sample
musk-putin always goes to dev.
"""
import json, math, os, random

HERE = os.path.dirname(os.path.abspath(__file__))
WIKI = "/work/shared/corpus/wikinews"
SAMPLE = "/work/shared/samples/musk-putin.txt"

P, O, G = "PERSON", "ORG", "GPE"


def T(s, st, rel, o, ot, pred, ev, attr=None, neg=False, denied=None):
    return {"subject": s, "subject_type": st, "relation": rel, "object": o,
            "object_type": ot, "predicate": pred, "attributed_to": attr,
            "negated": neg, "denied_by": denied, "evidence": ev}


# --------------------------------------------------------------------------
# article_context: short/alias form -> fullest name used in the article
# --------------------------------------------------------------------------
CTX = {
 "asylum": {"Indonesian navy": "Indonesian Navy", "Malaysian navy": "Malaysian Navy",
            "Basya": "Fuad Basya", "Untied Nations": "United Nations", "US": "United States",
            "Rathke": "Jeff Rathke", "State Department": "US State Department",
            "Najib Razak": "Najib Razak", "Kerry": "John Kerry"},
 "clock": {"Mohamed": "Ahmed Mohamed", "Ahmed": "Ahmed Mohamed", "Obama": "Barack Obama",
           "US": "United States", "Zuckerberg": "Mark Zuckerberg", "Brin": "Sergey Brin",
           "Jafari": "Amneh Jafari", "Memon": "Sehar Memon", "U.N.": "United Nations"},
 "crane": {"Civil Defense Authority": "Civil Defense Authority", "al-Amr": "Suleiman al-Amr",
           "al-Ikhbariya television": "al-Ikhbariya", "Saudi Gazette": "Saudi Gazette"},
 "expo": {"Atwood": "Margaret Atwood", "Lee": "Stan Lee", "Hamill": "Mark Hamill",
          "US": "United States", "501st Legion": "501st Legion",
          "Make-A-Wish": "Make-A-Wish Foundation", "the Brazillian team": "Immortals"},
 "flag": {"Burrows": "John Burrows", "Key": "John Key", "Mr Key": "John Key",
          "the project": "Flag Consideration Project",
          "the government": "New Zealand", "the New Zealand government": "New Zealand"},
 "hackers": {"Scientology": "Church of Scientology", "the Church": "Church of Scientology",
             "Cruise": "Tom Cruise", "Ingram": "Matthew Ingram", "Globe and Mail": "The Globe and Mail"},
 "ie9": {"IE": "Internet Explorer"},
 "imprisoned": {"Paris": "Valeska Paris", "the Church": "Church of Scientology",
                "the church": "Church of Scientology", "Scientology": "Church of Scientology",
                "They": "Church of Scientology", "Jaquier": "Albert Jaquier"},
 "iodine": {"Eastman": "Cres Eastman", "Professor Eastman": "Cres Eastman",
            "Food Standards of Australia and New Zealand": "Food Standards Australia New Zealand",
            "Buchtmann": "Lydia Buchtmann", "Ms Bauchtman": "Lydia Buchtmann",
            "WHO": "World Health Organisation", "University of NSW": "University of NSW"},
 "lanterns": {"Hau": "Hau Lung-bin", "Malaysia Tourism board": "Malaysia Tourism Board"},
 "questionnaire": {"Sunak": "Rishi Sunak", "Braverman": "Suella Braverman",
                   "The Home Secretary": "Suella Braverman", "Home Office": "United Kingdom Home Office",
                   "UK": "United Kingdom", "the nation": "United Kingdom",
                   "the government": "United Kingdom", "this government": "United Kingdom",
                   "Labour": "Labour", "Cooper": "Yvette Cooper", "Boswell": "Caitlin Boswell",
                   "Solomon": "Enver Solomon", "our": "United Kingdom"},
 "soccer": {"Korea": "South Korea", "Korea Republic": "South Korea", "Kane": "Harry Kane",
            "Lukaku": "Romelu Lukaku", "Granqvist": "Andreas Granqvist", "Belgians": "Belgium"},
 "stampede": {"Saudi Interior Ministry": "Saudi Interior Ministry"},
 "warhol": {"Warhol": "Andy Warhol", "USI": "University of Southern Indiana",
            "the foundation": "Andy Warhol Foundation for the Visual Arts",
            "Andy Warhol Foundation": "Andy Warhol Foundation for the Visual Arts",
            "the gallery": "McCutchan Art Center / Pace Galleries",
            "USI art gallery": "McCutchan Art Center / Pace Galleries",
            "Wilkins": "Kristen Wilkins", "Kristin Wilkins": "Kristen Wilkins",
            "Waters": "Kathryn Waters", "Maurer": "K.C. Maurer", "Mauer": "K.C. Maurer",
            "Rolling Stone": "Rolling Stone Magazine", "Gustafon": "Elaine Gustafon"},
 "warming": {"Heald": "Colette Heald", "US": "United States", "UK": "United Kingdom",
             "MIT": "Massachusetts Institute of Technology"},
 "worship": {"Greek": "Greece"},
 "musk-putin": {"Musk": "Elon Musk", "Putin": "Vladimir Putin", "the Russian leader": "Vladimir Putin",
                "the Journal": "The Wall Street Journal", "Trump": "Donald Trump",
                "Peskov": "Dmitry Peskov", "U.S.": "United States", "America": "United States",
                "the government": "United States", "X": "X", "Xi": "Xi Jinping"},
}

# --------------------------------------------------------------------------
# annotations: (stem, block index) -> list of triples ([] = annotated, no links)
# --------------------------------------------------------------------------
A = {}

# ---- asylum ---------------------------------------------------------------
A[("asylum", 3)] = [
 T("Fuad Basya", P, "SPOKESPERSON_FOR", "Indonesian military", O, "spokesman for",
   "Fuad Basya, spokesman for the Indonesian military"),
 T("Indonesian military", O, "BASED_IN", "Indonesia", G, "Indonesian", "the Indonesian military"),
]
A[("asylum", 4)] = [
 T("United Nations", O, "CRITICIZED", "Malaysia", G, "criticise policy of",
   "the Untied Nations and United States have both criticised", attr="AFP"),
 T("United Nations", O, "CRITICIZED", "Indonesia", G, "criticise policy of",
   "the Untied Nations and United States have both criticised", attr="AFP"),
 T("United States", G, "CRITICIZED", "Malaysia", G, "criticise policy of",
   "the Untied Nations and United States have both criticised", attr="AFP"),
 T("United States", G, "CRITICIZED", "Indonesia", G, "criticise policy of",
   "the Untied Nations and United States have both criticised", attr="AFP"),
]
A[("asylum", 6)] = [
 T("Najib Razak", P, "LEADER_OF", "Malaysia", G, "prime minister",
   "Malaysia's Prime Minister, Najib Razak"),
]
A[("asylum", 7)] = []
A[("asylum", 8)] = [
 T("US State Department", O, "BASED_IN", "United States", G, "US", "The US State Department"),
 T("John Kerry", P, "LEADER_OF", "US State Department", O, "Secretary of State",
   "John Kerry, the Secretary of State"),
 T("John Kerry", P, "IN_CONTACT_WITH", "Thailand", G, "contact foreign minister of",
   "John Kerry, the Secretary of State, contacted Thailand's foreign minister",
   attr="US State Department"),
 T("Jeff Rathke", P, "SPOKESPERSON_FOR", "US State Department", O, "spokesperson",
   "Jeff Rathke, the State Department Spokesperson"),
 T("Jeff Rathke", P, "ASKED", "South East Asia", G, "ask governments of",
   "Rathke also asked the governments of South East Asia not to turn away boats"),
]

# ---- clock ----------------------------------------------------------------
A[("clock", 2)] = [
 T("Ahmed Mohamed", P, "BASED_IN", "Irving", G, "be from",
   "Ahmed Mohamed, a 14-year-old boy from Irving, Texas"),
 T("Barack Obama", P, "SUPPORTS", "Ahmed Mohamed", P, "support",
   "Mohamed received support online ranging from US President Barack Obama to Facebook creator Mark Zuckerberg"),
 T("Mark Zuckerberg", P, "SUPPORTS", "Ahmed Mohamed", P, "support",
   "Mohamed received support online ranging from US President Barack Obama to Facebook creator Mark Zuckerberg"),
 T("Barack Obama", P, "LEADER_OF", "United States", G, "president", "US President Barack Obama"),
 T("Mark Zuckerberg", P, "FOUNDER_OF", "Facebook", O, "creator", "Facebook creator Mark Zuckerberg"),
 T("Google", O, "BASED_IN", "California", G, "headquarters in", "Google headquarters in California"),
 T("United Nations", O, "BASED_IN", "New York", G, "headquarters in",
   "the United Nations headquarters in New York"),
]
A[("clock", 6)] = [
 T("Google", O, "RELATED_TO", "Ahmed Mohamed", P, "invite",
   "outreach from Google and Mohamed was invited to their Google Science Fair"),
 T("Google", O, "BASED_IN", "Mountain View", G, "headquarters located in",
   "Google's headquarters located in Mountain View, California"),
 T("Sergey Brin", P, "FOUNDER_OF", "Google", O, "co-founder", "Co-founder of Google, Sergey Brin"),
 T("Sergey Brin", P, "MET_WITH", "Ahmed Mohamed", P, "meet with",
   "Sergey Brin, personally met with Mohamed"),
]
A[("clock", 8)] = [
 T("Amneh Jafari", P, "MEMBER_OF", "University of Texas Arlington", O, "psychology major at",
   "Psychology major at University of Texas Arlington Amneh Jafari"),
 T("Amneh Jafari", P, "SUPPORTS", "Ahmed Mohamed", P, "issue support to",
   "wanted to issue her support to Mohamed"),
]
A[("clock", 12)] = [
 T("Twitter", O, "RELATED_TO", "Ahmed Mohamed", P, "offer internship to",
   "Twitter gave Mohamed the option to come to their company for an internship"),
 T("Mark Zuckerberg", P, "FOUNDER_OF", "Facebook", O, "co-founder", "Facebook co-founder Mark Zuckerberg"),
 T("Mark Zuckerberg", P, "TOLD", "Ahmed Mohamed", P, "tweet to", "Mark Zuckerberg tweeted to Mohamed"),
 T("Facebook", O, "RELATED_TO", "Ahmed Mohamed", P, "welcome to tour",
   "said the boy was welcome to come and tour the company", attr="Mark Zuckerberg"),
]
A[("clock", 14)] = [
 T("Sehar Memon", P, "LEADER_OF", "University of Texas Arlington Muslim Student Association", O,
   "president", "University of Texas Arlington Muslim Student Association president Sehar Memon"),
]

# ---- crane ----------------------------------------------------------------
A[("crane", 3)] = [
 T("Civil Defense Authority", O, "BASED_IN", "Saudi Arabia", G, "Saudi Arabia's",
   "Saudi Arabia's Civil Defense Authority"),
]
A[("crane", 4)] = [
 T("Suleiman al-Amr", P, "LEADER_OF", "Civil Defense Authority", O, "director general",
   "Civil Defense Authority director General Suleiman al-Amr"),
 T("Suleiman al-Amr", P, "TOLD", "al-Ikhbariya", O, "make remarks to",
   "Suleiman al-Amr, in remarks to al-Ikhbariya television"),
]
A[("crane", 6)] = [
 T("Khaled Al-Maeena", P, "EMPLOYEE_OF", "Saudi Gazette", O, "editor at large at",
   "Khaled Al-Maeena, editor at large at the Saudi Gazette"),
]
A[("crane", 7)] = []

# ---- expo -----------------------------------------------------------------
A[("expo", 3)] = []
A[("expo", 4)] = [
 T("Margaret Atwood", P, "RELATED_TO", "Johnnie Christmas", P, "launch graphic novel with",
   "Atwood, a Booker Prize-winner, was there to launch her graphic novel Angel Catbird, with illustrator Johnnie Christmas"),
 T("Mark Hamill", P, "RELATED_TO", "Kevin Conroy", P, "share panel with",
   "Hamill's schedule included a panel with Kevin Conroy"),
]
A[("expo", 6)] = [
 T("Cloud9", O, "BASED_IN", "United States", G, "US team", "US team Cloud9"),
 T("Immortals", O, "BASED_IN", "Brazil", G, "be from", "Immortals, from Brazil"),
 T("Cloud9", O, "RELATED_TO", "Immortals", O, "face off against",
   "The finals saw US team Cloud9 and Immortals, from Brazil, face off"),
]
A[("expo", 10)] = [
 T("501st Legion", O, "FUNDED", "Make-A-Wish Foundation", O, "give proceeds to",
   "The Canadian garrison of 501st Legion returned with their setup of photo-ops, with proceeds to the Make-A-Wish Foundation"),
]
A[("expo", 18)] = [
 T("Wikinews", O, "INTERVIEWED", "The Katherinator", P, "speak with",
   "Wikinews spoke with a cosplayer going by the name \"The Katherinator\""),
]

# ---- flag -----------------------------------------------------------------
A[("flag", 1)] = []
A[("flag", 2)] = [
 T("Flag Consideration Project", O, "BASED_IN", "New Zealand", G, "the government's",
   "The government's Flag Consideration Project"),
 T("John Burrows", P, "LEADER_OF", "Flag Consideration Project", O, "chairman of panel of",
   "John Burrows, the chairman of the project's panel of twelve"),
 T("John Key", P, "LEADER_OF", "New Zealand", G, "prime minister",
   "New Zealand's Prime Minister John Key"),
]

# ---- hackers --------------------------------------------------------------
A[("hackers", 2)] = []
A[("hackers", 3)] = [
 T("Anonymous", P, "RELATED_TO", "Church of Scientology", O, "launch attack on",
   "The attack was launched on Wednesday by a user labelled \"Anonymous\""),
 T("Insurgency Wiki", O, "RELATED_TO", "4chan", O, "be spinoff of", "\"Insurgency Wiki\", a spinoff of 4chan"),
 T("Tom Cruise", P, "MEMBER_OF", "Church of Scientology", O, "Scientologist", "Scientologist Tom Cruise"),
 T("Church of Scientology", O, "ASKED", "YouTube", O, "request take down video",
   "YouTube is complying with the Church of Scientology's requests to take down the video"),
 T("YouTube", O, "RELATED_TO", "Church of Scientology", O, "comply with requests of",
   "YouTube is complying with the Church of Scientology's requests"),
]
A[("hackers", 5)] = [
 T("Matthew Ingram", P, "EMPLOYEE_OF", "The Globe and Mail", O, "of",
   "Matthew Ingram of The Globe and Mail"),
]
A[("hackers", 10)] = [
 T("Operation Clambake", O, "CRITICIZED", "Church of Scientology", O, "Scientology-critic",
   "the Scientology-critic site Operation Clambake"),
]

# ---- ie9 (no person/org/place links: only products and publishers) ----------
A[("ie9", 2)] = []
A[("ie9", 4)] = []
A[("ie9", 5)] = []

# ---- imprisoned -----------------------------------------------------------
A[("imprisoned", 2)] = [
 T("Valeska Paris", P, "CITIZEN_OF", "Australia", G, "Australian", "Valeska Paris, an Australian woman"),
 T("Valeska Paris", P, "MEMBER_OF", "Church of Scientology", O, "former Scientologist",
   "an Australian woman and former Scientologist"),
 T("Church of Scientology", O, "RELATED_TO", "Valeska Paris", P, "imprison",
   "the Church of Scientology imprisoned her for twelve years", attr="Valeska Paris"),
]
A[("imprisoned", 4)] = [
 T("Valeska Paris", P, "RELATED_TO", "Switzerland", G, "be born in", "Paris was born in Switzerland"),
 T("Valeska Paris", P, "BASED_IN", "United Kingdom", G, "be moved to",
   "her parents moved her to the United Kingdom"),
 T("Valeska Paris", P, "MEMBER_OF", "Sea Org", O, "join", "She joined the Sea Org"),
]
A[("imprisoned", 7)] = [
 T("Albert Jaquier", P, "RELATIVE_OF", "Valeska Paris", P, "father", "Paris's father, Albert Jaquier"),
 T("Albert Jaquier", P, "RELATED_TO", "Church of Scientology", O, "lose fortune to",
   "he lost his fortune to Scientology"),
 T("Valeska Paris", P, "BASED_IN", "Clearwater", G, "be kept in",
   "she was kept at Flag Land Base in Clearwater, Florida", attr="Valeska Paris"),
]
A[("imprisoned", 10)] = [
 T("Church of Scientology", O, "TOLD", "Australian Broadcasting Corporation", O, "make statement to",
   "In a statement to the Australian Broadcasting Corporation, the Church denied these allegations"),
]
A[("imprisoned", 11)] = [
 T("Church of Scientology", O, "ACCUSED", "Valeska Paris", P, "claim vested interest for misrepresenting",
   "claim she has a vested interest for misrepresenting her experiences with the Church"),
]

# ---- iodine ---------------------------------------------------------------
A[("iodine", 6)] = [
 T("Cres Eastman", P, "LEADER_OF", "Australian Centre for Control of Iodine Deficiency Disorders", O,
   "chairman", "Chairman of the Australian Centre for Control of Iodine Deficiency Disorders"),
]
A[("iodine", 7)] = [
 T("Cres Eastman", P, "RELATED_TO", "Food Standards Australia New Zealand", O, "convince",
   "we've convinced the Food Standards of Australia and New Zealand", attr="Cres Eastman"),
]
A[("iodine", 9)] = []
A[("iodine", 15)] = [
 T("Lydia Buchtmann", P, "SPOKESPERSON_FOR", "Food Standards Australia New Zealand", O, "speak for",
   "Lydia Buchtmann for Food Standards Australia New Zealand, says"),
]
A[("iodine", 16)] = [
 T("Mu Li", P, "EMPLOYEE_OF", "University of NSW", O, "senior researcher of",
   "Senior researcher Mu Li, of the University of NSW's school of public health"),
]

# ---- lanterns -------------------------------------------------------------
A[("lanterns", 2)] = [
 T("Hau Lung-bin", P, "LEADER_OF", "Taipei", G, "city mayor", "city mayor Hau Lung-bin"),
]
A[("lanterns", 5)] = []
A[("lanterns", 6)] = [
 T("Malaysia Tourism Board", O, "BASED_IN", "Malaysia", G, "Malaysia", "The Malaysia Tourism board"),
]

# ---- questionnaire --------------------------------------------------------
A[("questionnaire", 5)] = [
 T("Rishi Sunak", P, "LEADER_OF", "United Kingdom", G, "prime minister",
   "Prime Minister Rishi Sunak's effort to clear the nation's"),
]
A[("questionnaire", 11)] = [
 T("Yvette Cooper", P, "MEMBER_OF", "Labour", O, "Shadow Home Secretary",
   "Labour's Shadow Home Secretary Yvette Cooper"),
 T("Yvette Cooper", P, "CRITICIZED", "United Kingdom Home Office", O, "call damning",
   "said it was \"damning that the Home Office isn't doing this already"),
]
A[("questionnaire", 16)] = [
 T("Suella Braverman", P, "TOLD", "GB News", O, "tell", "Home Secretary Suella Braverman told GB News"),
]
A[("questionnaire", 19)] = [
 T("Caitlin Boswell", P, "EMPLOYEE_OF", "Joint Council for the Welfare of Immigrants", O, "campaigner",
   "Joint Council for the Welfare of Immigrants campaigner Caitlin Boswell"),
 T("Caitlin Boswell", P, "CRITICIZED", "United Kingdom", G, "call move of government clumsy",
   "this latest move from government is clumsy, unthinking and could put people’s safety at risk"),
]
A[("questionnaire", 21)] = [
 T("Enver Solomon", P, "LEADER_OF", "Refugee Council", O, "CEO", "CEO of the Refugee Council Enver Solomon"),
 T("Enver Solomon", P, "TOLD", "Sky News", O, "tell", "Enver Solomon told Sky News"),
]
A[("questionnaire", 23)] = [
 T("Rishi Sunak", P, "RELATED_TO", "Suella Braverman", P, "work with",
   "The Home Secretary and I are working intensely", attr="Rishi Sunak"),
 T("United Kingdom", G, "NEGOTIATED_WITH", "Albania", G, "have deal with",
   "our deals with Albania and France", attr="Rishi Sunak"),
 T("United Kingdom", G, "NEGOTIATED_WITH", "France", G, "have deal with",
   "our deals with Albania and France", attr="Rishi Sunak"),
]

# ---- soccer (national teams are typed GPE, named by their country) ---------
A[("soccer", 2)] = [
 T("Sweden", G, "RELATED_TO", "South Korea", G, "defeat", "Sweden defeated South Korea"),
 T("Belgium", G, "RELATED_TO", "Panama", G, "defeat", "Belgium defeated debutants Panama"),
 T("Tunisia", G, "RELATED_TO", "England", G, "lose to", "Tunisia lost 1 – 2 to England"),
 T("Harry Kane", P, "LEADER_OF", "England", G, "captain", "English captain Harry Kane"),
]
A[("soccer", 4)] = [
 T("Sweden", G, "RELATED_TO", "South Korea", G, "face", "Sweden faced South Korea"),
 T("Kim Shin-Wook", P, "MEMBER_OF", "South Korea", G, "Korea's", "Korea's Kim Shin-Wook"),
 T("Marcus Berg", P, "MEMBER_OF", "Sweden", G, "put in the lead",
   "Marcus Berg missed a chance to put Sweden in the lead"),
 T("Park Joo-Ho", P, "MEMBER_OF", "South Korea", G, "be substituted by",
   "Korea substituted Park Joo-Ho"),
 T("Kim Min-Woo", P, "MEMBER_OF", "South Korea", G, "replace",
   "Korea substituted Park Joo-Ho in the 28th minute of the game due to injury and was replaced by Kim Min-Woo"),
 T("Kim Min-Woo", P, "RELATED_TO", "Park Joo-Ho", P, "replace",
   "Park Joo-Ho in the 28th minute of the game due to injury and was replaced by Kim Min-Woo"),
]
A[("soccer", 5)] = [
 T("Joel Aguilar", P, "RELATED_TO", "Sweden", G, "award penalty to",
   "the match referee Joel Aguilar awarded Sweden"),
 T("Andreas Granqvist", P, "LEADER_OF", "Sweden", G, "captain", "Swedish captain Andreas Granqvist"),
 T("Hwang Hee-Chan", P, "MEMBER_OF", "South Korea", G, "equalise for",
   "Hwang Hee-Chan's header went wide to the left, missing a chance to equalise for Korea"),
]
A[("soccer", 10)] = [
 T("Hernan Dario Gomez", P, "LEADER_OF", "Panama", G, "coach", "Hernan Dario Gomez, Panama coach"),
]
A[("soccer", 16)] = [
 T("Nabil Maaloul", P, "LEADER_OF", "Tunisia", G, "coach", "Tunisia's coach Nabil Maaloul"),
]

# ---- stampede -------------------------------------------------------------
A[("stampede", 3)] = [
 T("Saudi Interior Ministry", O, "BASED_IN", "Saudi Arabia", G, "Saudi", "the Saudi Interior Ministry"),
]
A[("stampede", 5)] = []
A[("stampede", 7)] = []

# ---- warhol ---------------------------------------------------------------
A[("warhol", 7)] = [
 T("Andy Warhol Photographic Legacy Program", O, "PROVIDED_TO", "McCutchan Art Center / Pace Galleries", O,
   "donate", "The Polaroids were all donated by the Andy Warhol Photographic Legacy Program",
   attr="Kristen Wilkins"),
 T("Andy Warhol Foundation for the Visual Arts", O, "PROVIDED_TO", "USI Art Collections", O,
   "make donations to",
   "The Andy Warhol Foundation for the Visual Arts made two donations to USI Art Collections"),
]
A[("warhol", 8)] = [
 T("Kathryn Waters", P, "LEADER_OF", "McCutchan Art Center / Pace Galleries", O, "director",
   "Kathryn Waters, director of the gallery"),
]
A[("warhol", 14)] = [
 T("K.C. Maurer", P, "EMPLOYEE_OF", "Andy Warhol Foundation for the Visual Arts", O,
   "chief financial officer and treasurer at",
   "K.C. Maurer, chief financial officer and treasurer at the Andy Warhol Foundation"),
]
A[("warhol", 21)] = [
 T("Nick Rhodes", P, "MEMBER_OF", "Duran Duran", O, "musician of", "musician Nick Rhodes of Duran Duran"),
 T("Jann Wenner", P, "LEADER_OF", "Rolling Stone Magazine", O, "publisher",
   "publishers Jann Wenner of Rolling Stone Magazine"),
 T("Carlo De Benedetti", P, "LEADER_OF", "la Repubblica", O, "publisher",
   "Carlo De Benedetti of Italy's la Repubblica"),
 T("la Repubblica", O, "BASED_IN", "Italy", G, "Italy's", "Italy's la Repubblica"),
 T("Steve Rubell", P, "OWNER_OF", "Studio 54", O, "club owner",
   "disco club owner Steve Rubell of Studio 54"),
]
A[("warhol", 22)] = [
 T("Halston", P, "BASED_IN", "Evansville", G, "former resident of",
   "Halston, a former resident of Evansville"),
]

# ---- warming --------------------------------------------------------------
A[("warming", 2)] = [
 T("Massachusetts Institute of Technology", O, "BASED_IN", "United States", G, "of",
   "the Massachusetts Institute of Technology and Colorado State University of the US"),
 T("Colorado State University", O, "BASED_IN", "United States", G, "of",
   "Colorado State University of the US"),
 T("University of Sheffield", O, "BASED_IN", "United Kingdom", G, "of",
   "the University of Sheffield of the UK"),
]
A[("warming", 3)] = [
 T("Colette Heald", P, "TOLD", "The Huffington Post", O, "tell",
   "coauthor Colette Heald told The Huffington Post"),
]
A[("warming", 5)] = [
 T("U.S. Department of Agriculture", O, "BASED_IN", "United States", G, "U.S.",
   "The U.S. Department of Agriculture"),
]
A[("warming", 8)] = [
 T("US National Science Foundation", O, "BASED_IN", "United States", G, "US", "US National Science Foundation"),
 T("US National Park Service", O, "BASED_IN", "United States", G, "US", "US National Park Service"),
]

# ---- worship --------------------------------------------------------------
A[("worship", 2)] = [
 T("Greek Ministry of Culture", O, "BASED_IN", "Greece", G, "Greek", "the Greek Ministry of Culture"),
]

# ---- musk-putin (user sample; one paragraph per line) ----------------------
WSJ, WP = "The Wall Street Journal", "The Washington Post"
ONE = "one person aware of the Musk-Moscow conversations"
A[("musk-putin", 0)] = [
 T("Elon Musk", P, "IN_CONTACT_WITH", "Vladimir Putin", P, "be in regular contact with",
   "Elon Musk, the world's richest man and a top U.S. defense contractor with a security clearance, \"has been in regular contact with Russian President Vladimir Putin",
   attr=WSJ),
 T("Vladimir Putin", P, "LEADER_OF", "Russia", G, "president", "Russian President Vladimir Putin"),
 T("Elon Musk", P, "RELATED_TO", "United States", G, "be top defense contractor for",
   "a top U.S. defense contractor"),
 T("Elon Musk", P, "CRITICIZED", "United States", G, "step up criticism of military aid of",
   "Musk \"stepping up his criticism\" of U.S. military aid to Ukraine", attr=WSJ),
 T("United States", G, "PROVIDED_TO", "Ukraine", G, "military aid to", "U.S. military aid to Ukraine"),
 T("Russia", G, "RELATED_TO", "X", O, "use for disinformation", "\"Russia's use of X for disinformation,\"",
   attr=WSJ),
 T("Elon Musk", P, "RELATED_TO", "Russia", G, "allow use of X",
   "allowing \"Russia's use of X for disinformation,\"", attr=WSJ),
 T("Elon Musk", P, "SUPPORTS", "Donald Trump", P, "increase involvement in presidential campaign of",
   "increasing his involvement in Donald Trump's presidential campaign", attr=WSJ),
]
A[("musk-putin", 1)] = [
 T("Elon Musk", P, "IN_CONTACT_WITH", "Moscow", G, "hold conversations with", "the Musk-Moscow conversations"),
 T("Elon Musk", P, "IN_CONTACT_WITH", "Vladimir Putin", P, "have contacts with", "his contacts with Putin",
   attr=ONE),
 T("United States", G, "RELATED_TO", "SpaceX", O, "rely on",
   "the government's reliance on Musk's SpaceX rockets and satellites", attr=ONE),
 T("Elon Musk", P, "OWNER_OF", "SpaceX", O, "Musk's", "Musk's SpaceX"),
 T("Vladimir Putin", P, "ASKED", "Elon Musk", P, "ask", "Putin asked Musk", attr=WSJ),
 T("Elon Musk", P, "OWNER_OF", "Starlink", O, "his", "his Starlink satellite internet service"),
 T("Xi Jinping", P, "LEADER_OF", "China", G, "leader", "Chinese leader Xi Jinping"),
]
A[("musk-putin", 2)] = [
 T("The Wall Street Journal", O, "ASKED", "Elon Musk", P, "request comment from",
   "Musk did not respond to the Journal's request for comment"),
 T("Elon Musk", P, "RELATED_TO", "The Wall Street Journal", O, "respond to",
   "Musk did not respond to the Journal's request for comment", neg=True),
 T("Dmitry Peskov", P, "SPOKESPERSON_FOR", "Kremlin", O, "spokesperson", "Kremlin spokesperson Dmitry Peskov"),
 T("Vladimir Putin", P, "IN_CONTACT_WITH", "Elon Musk", P, "be in regular contact with",
   "Dmitry Peskov denied that Putin was in regular contact with Musk", denied="Dmitry Peskov"),
 T("Vladimir Putin", P, "TOLD", "Tucker Carlson", P, "tell", "Putin told Tucker Carlson"),
 T("Tucker Carlson", P, "INTERVIEWED", "Vladimir Putin", P, "interview",
   "Putin told Tucker Carlson in an interview"),
 T("Elon Musk", P, "OWNER_OF", "X", O, "Musk's", "Musk's X platform"),
]
A[("musk-putin", 3)] = [
 T("Elon Musk", P, "IN_CONTACT_WITH", "Vladimir Putin", P, "hold talks with", "his talks with Putin",
   attr=WSJ),
 T("Vladimir Putin", P, "LEADER_OF", "Russia", G, "leader", "the Russian leader"),
 T("Vladimir Putin", P, "OPPOSES", "United States", G, "be chief adversary of",
   "Putin is currently \"one of America's chief adversaries.\"", attr=WSJ),
 T("Russia", G, "PROVIDED_TO", "Houthi rebels", O, "provide targeting data for",
   "Russia had \"provided targeting data for Yemen's Houthi rebels", attr=WSJ),
 T("Houthi rebels", O, "BASED_IN", "Yemen", G, "Yemen's", "Yemen's Houthi rebels"),
 T("Russia", G, "RELATED_TO", "United States", G, "create problems for",
   "helping \"stoke instability from the Middle East to Asia to create problems for the U.S.\"", attr=WSJ),
]
A[("musk-putin", 4)] = [
 T("Elon Musk", P, "OWNER_OF", "Starlink", O, "Musk's", "Musk's \"Starlink"),
 T("Elon Musk", P, "FUNDED", "Donald Trump", P, "splash out to support campaign of",
   "Musk has already \"splashed out to support Trump's campaign.\"", attr=WP),
]


def main():
    index = {d["file"]: d for d in json.load(open(os.path.join(WIKI, "index.json")))}
    stems = sorted(f[:-4] for f in index)
    order = stems[:]
    random.Random(13).shuffle(order)
    k = math.ceil(len(order) / 3)
    heldout_stems = set(order[:k])
    out = {"dev": [], "heldout": []}
    for (stem, i), triples in sorted(A.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        if stem == "musk-putin":
            blocks = open(SAMPLE, encoding="utf-8").read().split("\n")
            rec = {"id": f"{stem}-p{i}", "source": "samples/musk-putin.txt", "source_url": None,
                   "licence": "user sample"}
            split = "dev"
        else:
            blocks = open(os.path.join(WIKI, stem + ".txt"), encoding="utf-8").read().split("\n\n")
            rec = {"id": f"{stem}-p{i}", "source": f"wikinews/{stem}.txt",
                   "source_url": index[stem + ".txt"]["source_url"], "licence": "CC BY 2.5 Wikinews"}
            split = "heldout" if stem in heldout_stems else "dev"
        text = blocks[i].strip("\n")
        rec["article_context"] = CTX[stem]
        rec["text"] = text
        for t in triples:
            assert t["evidence"] in text, (stem, i, t["evidence"])
        rec["triples"] = triples
        out[split].append(rec)
    for split, recs in out.items():
        with open(os.path.join(HERE, split + ".jsonl"), "w", encoding="utf-8") as fh:
            for r in recs:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        print(split, len(recs), "paragraphs", sum(len(r["triples"]) for r in recs), "triples")
    print("shuffled order:", order, "heldout:", sorted(heldout_stems))


if __name__ == "__main__":
    main()
