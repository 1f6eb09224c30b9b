"""Write the workshop notebooks (notebooks/nl and notebooks/en) from the texts in this file.

The teaching lives here, side by side in both languages, so that the two notebooks of a step keep the
same structure and the same code cells. Running it twice gives byte-identical files (cell ids are
derived from the step and position, never random).

    python notebooks/build.py           # (re)write the notebooks
    python notebooks/build.py --check   # exit 1 if a notebook differs from what this file would write

Edit the texts here, not in JupyterLab: a notebook edited by hand is overwritten by the next build
(and ``--check``, run by tests/test_notebooks.py, reports it).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent
LANGS = ("nl", "en")

LABELS = {
    "nl": {"question": "Vraag", "outcome": "Aan het eind heb je", "time": "Tijd", "minutes": "minuten",
           "keypoints": "Kernpunten", "next": "Volgende"},
    "en": {"question": "Question", "outcome": "By the end you will have", "time": "Time", "minutes": "minutes",
           "keypoints": "Key points", "next": "Next"},
}

KERNEL = {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
          "language_info": {"name": "python"}}

# Code cells are collapsed in JupyterLab: the participant sees the form, not the code.
CODE_METADATA = {"jupyter": {"source_hidden": True}, "tags": ["helpers"]}


def md(nl: str, en: str) -> tuple[str, dict[str, str]]:
    return ("markdown", {"nl": nl.strip(), "en": en.strip()})


def code(source: str) -> tuple[str, str]:
    return ("code", source.strip())


STEPS = [
    # ------------------------------------------------------------------------------------------------
    dict(
        number=0, minutes=10,
        slug={"nl": "inchecken", "en": "check-in"},
        title={"nl": "Inchecken · Welkom", "en": "Check-in · Welcome"},
        question={"nl": "Hoe zit iedereen erbij, en wat gaan we vandaag doen?",
                  "en": "How is everyone feeling, and what are we going to do today?"},
        outcome={"nl": "je groep aangemaakt, ingecheckt met je stemming en het programma van vandaag gezien.",
                 "en": "your group set up, your mood checked in and today's programme in view."},
        body=[
            md("""
## Zo werkt deze workshop

In 90 minuten maak je een social media strategie in vijf stappen, alleen of met een klein groepje
(3 tot 5 mensen). Elke stap is een eigen pagina met een korte uitleg en een formulier. Je hoeft geen
code te lezen of te typen.

- Vul de formulieren in; alles wordt automatisch opgeslagen. Er is geen opslaan-knop.
- Werk je in JupyterLab en zie je geen formulier? Klik op ▶▶ (Run All) in de werkbalk bovenaan.
- Je kunt later, ook thuis, verder waar je gebleven was.
""", """
## How this workshop works

In 90 minutes you build a social media strategy in five steps, on your own or in a small group
(3 to 5 people). Each step is a page of its own with a short explanation and a form. You never have
to read or type code.

- Fill in the forms; everything is saved automatically. There is no save button.
- Working in JupyterLab and no form in sight? Click ▶▶ (Run All) in the toolbar at the top.
- You can carry on later, at home too, where you left off.
"""),
            md("""
## Je groep en je stemming

Typ de naam van je groep en klik op **Start**. Werk je alleen, gebruik dan je eigen naam. Werken jullie
met meer laptops aan één strategie? Typ dan op elke laptop precies dezelfde groepsnaam: zo werken jullie
in hetzelfde document.

Daarna checkt ieder voor zich in: je naam, een gezichtje voor je stemming en één woord voor hoe je erbij
zit. De trainer vraagt iedereen even hoe het gaat. Er zijn geen foute antwoorden: het gaat erom dat
iedereen één keer aan het woord is geweest voordat we beginnen.
""", """
## Your group and your mood

Type your group's name and click **Start**. Working on your own? Use your own name. Several laptops
working on one strategy? Type exactly the same group name on each of them: that way you all work in the
same document. If the form is in Dutch, choose **English** next to *Taal* (language).

Then everyone checks in for themselves: your name, a face for your mood and one word for how you feel
today. The trainer asks each of you briefly how it is going. There are no wrong answers: the point is
that everyone has spoken once before we start.
"""),
            code("from helpers import ui\nui.checkin()"),
            md("""
## Het programma

De sessie heeft drie delen:

- **10 minuten** starten: inchecken en het programma;
- **60 minuten** bouwen aan je strategie, in vijf stappen van 12 minuten: doelgroep, doelen, kanalen,
  content, team en kalender;
- **20 minuten** nabespreken: elke groep presenteert haar strategie in vijf punten, daarna blikken we
  samen terug met de Roos.

De tabel rekent de kloktijden uit vanaf het moment dat je deze pagina opende.
""", """
## The programme

The session has three parts:

- **10 minutes** to start: check-in and the programme;
- **60 minutes** building your strategy, in five steps of 12 minutes each: audience, goals, channels,
  content, team and calendar;
- **20 minutes** of debrief: each group presents its strategy in five points, then we look back
  together with the Rose.

The table works out the clock times from the moment you opened this page.
"""),
            code("ui.agenda()"),
        ],
        keypoints={
            "nl": ["Eén groepsnaam is één strategie: typ hem op elke laptop van je groep precies hetzelfde.",
                   "Alles wat je invult, wordt meteen bewaard; je kunt altijd later verder.",
                   "10 minuten starten, 60 minuten bouwen in vijf stappen, 20 minuten presenteren en terugblikken."],
            "en": ["One group name is one strategy: type it exactly the same on every laptop of your group.",
                   "Everything you fill in is kept at once; you can always carry on later.",
                   "10 minutes to start, 60 minutes building in five steps, 20 minutes presenting and looking back."],
        },
    ),
    # ------------------------------------------------------------------------------------------------
    dict(
        number=1, minutes=12,
        slug={"nl": "doelgroep", "en": "audience"},
        title={"nl": "Stap 1 · Doelgroep en persona", "en": "Step 1 · Audience and persona"},
        question={"nl": "Wie wil je bereiken, en wat houdt die mensen bezig?",
                  "en": "Who do you want to reach, and what is on their minds?"},
        outcome={"nl": "een beschrijving van je doelgroep en een persona met pains en gains.",
                 "en": "a description of your audience and a persona with pains and gains."},
        body=[
            md("""
## Wie zijn ze?

Elke volgende keuze hangt af van je doelgroep: welke doelen haalbaar zijn, welke kanalen passen, welke
content aanslaat. Maak het beeld dus zo concreet mogelijk:

- **Demografie:** leeftijd, geslacht, woonplaats of regio, beroep of functie, inkomen.
- **Interesses:** hobby's, waar ze zich druk om maken, wat ze lezen en volgen.
- **Online gedrag:** op welke platforms, op welke dagen en tijden, en waar reageren ze op?

Weet je het niet precies? Schat het in en schrijf het op. Later controleer je het met de statistieken van
je website (bijvoorbeeld Google Analytics 4), je klantenbestand (CRM) of de profielen van je volgers en
connecties op LinkedIn.
""", """
## Who are they?

Every later choice depends on your audience: which goals are within reach, which channels fit, which
content lands. So make the picture as concrete as you can:

- **Demographics:** age, gender, place or region, occupation or job title, income.
- **Interests:** hobbies, what they care about, what they read and follow.
- **Online behaviour:** which platforms, on which days and at what times, and what do they respond to?

Not sure? Make an estimate and write it down. Later you can check it against your website statistics
(Google Analytics 4, for example), your customer records (CRM) or the profiles of your followers and
connections on LinkedIn.
"""),
            md("""
## Eén persoon: de persona

Een **persona** is een half verzonnen portret van één typische persoon uit je doelgroep: een naam, een
leeftijd, een baan, een uitspraak die bij haar of hem past. Je schrijft dan voor die ene persoon in plaats
van voor "iedereen".

Geef je persona ook:

- **pains:** wat zit in de weg, wat ergert, waar ligt ze wakker van?
- **gains:** wat wil ze bereiken, wat maakt haar blij, wat levert het haar op?

Bewaar ze goed: pains en gains zijn in stap 4 je beste bron van content-ideeën.
""", """
## One person: the persona

A **persona** is a semi-fictional portrait of one typical person in your audience: a name, an age, a
job, a saying that fits them. You then write for that one person instead of for "everyone".

Give your persona:

- **pains:** what gets in their way, what annoys them, what keeps them up at night?
- **gains:** what do they want to achieve, what makes them happy, what is in it for them?

Keep them at hand: in step 4 pains and gains are your best source of content ideas.
"""),
            md("Vul het formulier in; alles wordt automatisch opgeslagen. Drie korte regels zeggen meer dan één lange zin.",
               "Fill in the form; everything is saved automatically. Three short lines say more than one long sentence."),
            code("from helpers import ui\nui.audience()"),
            md("""
## Waar is je doelgroep online?

Hieronder zie je cijfers over het gebruik van de grote platforms in Nederland, met de bron en het jaar
erbij. Het is een startpunt, geen antwoord: kijk welke platforms passen bij de leeftijd en de interesses
van je persona, en neem dat mee naar stap 3.
""", """
## Where is your audience online?

Below are figures on the use of the major platforms in the Netherlands, with their source and year.
They are a starting point, not an answer: see which platforms fit your persona's age and interests, and
take that with you to step 3.
"""),
            code("ui.platform_use()"),
        ],
        keypoints={
            "nl": ["Hoe concreter je doelgroep, hoe makkelijker elke volgende keuze.",
                   "Een persona is één herkenbaar persoon: je schrijft voor haar, niet voor iedereen.",
                   "Pains en gains zijn je voorraad content-ideeën.",
                   "Cijfers over platformgebruik zijn een startpunt; toets ze aan je eigen volgers."],
            "en": ["The more concrete your audience, the easier every later choice.",
                   "A persona is one recognisable person: you write for them, not for everyone.",
                   "Pains and gains are your stock of content ideas.",
                   "Platform figures are a starting point; check them against your own followers."],
        },
    ),
    # ------------------------------------------------------------------------------------------------
    dict(
        number=2, minutes=12,
        slug={"nl": "smart-doelen", "en": "smart-goals"},
        title={"nl": "Stap 2 · SMART-doelen", "en": "Step 2 · SMART goals"},
        question={"nl": "Wat wil je met social media bereiken, en hoe weet je of het gelukt is?",
                  "en": "What do you want to achieve with social media, and how will you know you did?"},
        outcome={"nl": "een of twee SMART-doelen, elk met een KPI, een nulmeting, een streefwaarde en een deadline.",
                 "en": "one or two SMART goals, each with a KPI, a baseline, a target and a deadline."},
        body=[
            md("""
## Van organisatiedoel naar social media doel

Social media zijn geen doel op zich. Begin bij wat je organisatie wil bereiken en vraag je af wat social
media daaraan kunnen bijdragen. Drie soorten doelen komen vaak voor: **promotie** (je organisatie, aanbod
en content zichtbaar maken), **in gesprek gaan** (vragen beantwoorden, klantenservice, community) en
**monitoren** (horen wat er over je merk, je branche en je concurrenten wordt gezegd).

| Organisatiedoel | Social media doel | KPI's |
|---|---|---|
| Naamsbekendheid | Meer mensen bereiken via social media | bereik, aantal volgers, engagement |
| Leadgeneratie | Onbekende bezoekers en volgers omzetten in contacten (naam, e-mailadres) | kliks naar de website, aantal e-mailadressen |
| Verkoop | Vanuit content direct verkopen in de webshop | omzet per social media kanaal |

Een **KPI** (kritieke prestatie-indicator) is het getal waaraan je afleest of je doel dichterbij komt.
""", """
## From organisation goal to social media goal

Social media are not a goal in themselves. Start from what your organisation wants to achieve and ask
what social media can add to it. Three kinds of goals come up often: **promotion** (making your
organisation, offer and content visible), **conversation** (answering questions, customer service,
community) and **monitoring** (hearing what is said about your brand, your sector and your competitors).

| Organisation goal | Social media goal | KPIs |
|---|---|---|
| Brand awareness | Reach more people through social media | reach, number of followers, engagement |
| Lead generation | Turn unknown visitors and followers into contacts (name, email address) | clicks to the website, number of email addresses |
| Sales | Sell straight from content in the web shop | revenue per social media channel |

A **KPI** (key performance indicator) is the number that tells you whether your goal is getting closer.
"""),
            md("""
## SMART: van vaag naar scherp

| | betekent | vraag jezelf |
|---|---|---|
| **S** | Specifiek | Wat precies, op welk platform, voor wie? |
| **M** | Meetbaar | Welk getal laat zien dat het gelukt is? |
| **A** | Haalbaar | Lukt het met jullie tijd en middelen, en staat het team erachter? |
| **R** | Relevant | Helpt het je organisatiedoel vooruit? |
| **T** | Tijdgebonden | Wanneer moet het af zijn? |

- Vaag: *"Ik wil meer fans op social media."*
- SMART: *"Op 31 december heeft onze Facebook-pagina 10% meer fans dan vandaag."*

Het tweede doel noemt een platform (S), een getal (M), een groei die te doen is (A), past bij
naamsbekendheid (R) en heeft een datum (T).
""", """
## SMART: from vague to sharp

| | stands for | ask yourself |
|---|---|---|
| **S** | Specific | What exactly, on which platform, for whom? |
| **M** | Measurable | Which number shows you made it? |
| **A** | Achievable | Can you do it with your time and means, and does the team back it? |
| **R** | Relevant | Does it move your organisation goal forward? |
| **T** | Time-bound | When must it be done? |

- Vague: *"I want more fans on social media."*
- SMART: *"On 31 December our Facebook page has 10% more fans than today."*

The second goal names a platform (S), a number (M), a growth you can manage (A), serves brand awareness
(R) and has a date (T).
"""),
            md("""
## See-Think-Do-Care en de nulmeting

Koppel elk doel aan een fase van het **See-Think-Do-Care**-model:

- **See:** mensen die je nog niet kennen; je wilt gezien worden (bereik).
- **Think:** mensen die iets overwegen; je wilt interesse en vertrouwen (engagement, kliks).
- **Do:** mensen die klaar zijn om te kopen of zich aan te melden (conversie).
- **Care:** bestaande klanten; je wilt ze tevreden en trouw houden (reacties, reviews, reactietijd).

Doe daarna een **nulmeting**: waar sta je nu? Schrijf het aantal volgers, het bereik, de interactie of de
kliks van vandaag op. Zonder startwaarde kun je later niet laten zien dat je doel gehaald is. De cijfers
vind je in de statistieken van het platform zelf, zoals Meta Business Suite of de paginastatistieken van
LinkedIn.
""", """
## See-Think-Do-Care and the baseline

Link each goal to a phase of the **See-Think-Do-Care** model:

- **See:** people who do not know you yet; you want to be seen (reach).
- **Think:** people who are considering; you want interest and trust (engagement, clicks).
- **Do:** people ready to buy or sign up (conversion).
- **Care:** existing customers; you want to keep them happy and loyal (replies, reviews, response time).

Then take a **baseline** (a zero measurement): where are you now? Write down today's followers, reach,
interaction or clicks. Without a starting value you cannot show later that you reached your goal. The
figures are in the platform's own statistics, such as Meta Business Suite or LinkedIn page analytics.
"""),
            md("""
Schrijf je doel als één zin in het formulier; de SMART-check laat zien welke letters nog ontbreken. Vul
daarna het organisatiedoel, de fase, de KPI, de nulmeting, de streefwaarde en de deadline in. Alles wordt
automatisch opgeslagen.
""", """
Write your goal as one sentence in the form; the SMART check shows which letters are still missing. Then
fill in the organisation goal, the phase, the KPI, the baseline, the target and the deadline. Everything
is saved automatically.
"""),
            code("from helpers import ui\nui.goals()"),
        ],
        keypoints={
            "nl": ["Begin bij het organisatiedoel: social media zijn een middel.",
                   "Een SMART-doel zegt wat, hoeveel, wanneer, en waarom het ertoe doet.",
                   "Elk doel hoort bij een fase van See-Think-Do-Care en heeft een KPI.",
                   "Zonder nulmeting geen bewijs: schrijf op waar je nu staat."],
            "en": ["Start from the organisation goal: social media are a means.",
                   "A SMART goal says what, how much, by when, and why it matters.",
                   "Each goal belongs to a See-Think-Do-Care phase and has a KPI.",
                   "No baseline, no proof: write down where you stand now."],
        },
    ),
    # ------------------------------------------------------------------------------------------------
    dict(
        number=3, minutes=12,
        slug={"nl": "kanalen", "en": "channels"},
        title={"nl": "Stap 3 · Kanalen", "en": "Step 3 · Channels"},
        question={"nl": "Op welke social media platforms ga je actief zijn, en waarom daar?",
                  "en": "Which social media platforms will you be active on, and why those?"},
        outcome={"nl": "een of twee gekozen kanalen, met de reden waarom.",
                 "en": "one or two chosen channels, with the reason why."},
        body=[
            md("""
## Minder is meer

Bijna geen organisatie kan overal even goed zijn. Kies minstens één en liefst niet meer dan twee kanalen,
en doe die echt goed. Op andere platforms volstaat een basisprofiel dat naar je hoofdkanalen verwijst.
""", """
## Less is more

Hardly any organisation can be equally good everywhere. Choose at least one and preferably no more than
two channels, and do those really well. On other platforms a basic profile that points to your main
channels is enough.
"""),
            md("""
## Drie vragen per kanaal

1. **Zit mijn doelgroep er?** Kijk naar je persona en de cijfers uit stap 1: welke leeftijden, hoe vaak,
   en waarvoor (kijken, zoeken, kopen)?
2. **Past het bij mijn merk?** Elk platform heeft een eigen sfeer: zakelijk, speels, visueel, snel. Passen
   jullie imago en toon daarbij?
3. **Heeft het de functies die ik nodig heb?** Bijvoorbeeld adverteren (en tegen welke kosten),
   remarketing (websitebezoekers opnieuw bereiken), een winkel of productcatalogus, evenementen, reviews
   of vacatures.

Kijk ook naar wat je al hebt: je website, je nieuwsbrief en je andere kanalen. Social media staan daar
niet los van.
""", """
## Three questions per channel

1. **Is my audience there?** Look at your persona and the figures from step 1: which ages, how often, and
   what for (watching, searching, buying)?
2. **Does it fit my brand?** Each platform has a mood of its own: businesslike, playful, visual, fast. Do
   your image and tone fit it?
3. **Does it have the features I need?** For example advertising (and at what cost), remarketing
   (reaching website visitors again), a shop or product catalogue, events, reviews or job vacancies.

Look at what you already have too: your website, your newsletter and your other channels. Social media do
not stand apart from them.
"""),
            md("""
## Pas op met aannames

B2B-organisaties denken vaak dat Instagram niets voor hen is, terwijl B2B-accounts daar juist veel
interactie halen. Soms zit een deel van je doelgroep op een platform waar je niet meteen aan denkt.
Controleer het dus: waar zitten je huidige volgers, waar zijn je concurrenten actief en wat werkt bij hen?
En platforms komen en gaan: kijk hoe een platform het de laatste tijd doet.
""", """
## Beware of assumptions

B2B organisations often think Instagram is not for them, while B2B accounts actually get a lot of
interaction there. Part of your audience may sit on a platform you would not think of first. So check:
where are your current followers, where are your competitors active and what works for them? And
platforms come and go: look at how a platform has been doing lately.
"""),
            md("""
Geef in het formulier aan welke functies je nodig hebt en hoe goed elk kanaal bij je merk past; de
grafiek laat zien welke kanalen het best scoren. Kies dan je kanalen en schrijf in een of twee zinnen
waarom. Alles wordt automatisch opgeslagen.

Let op: de leeftijdsverdeling per platform is een schatting, geen gepubliceerd cijfer. Weet je het beter,
pas hem dan aan.
""", """
In the form, say which features you need and how well each channel fits your brand; the chart shows
which channels score best. Then choose your channels and write in one or two sentences why. Everything
is saved automatically.

Note: the age split per platform is an estimate, not a published figure. If you know better, change it.
"""),
            code("from helpers import ui\nui.channels()"),
        ],
        keypoints={
            "nl": ["Kies minstens één en liefst niet meer dan twee kanalen, en doe die goed.",
                   "Een goed kanaal past bij je doelgroep, bij je merk en bij wat je wilt doen (adverteren, verkopen, werven).",
                   "Toets je aannames aan cijfers en aan je eigen volgers."],
            "en": ["Choose at least one and preferably no more than two channels, and do them well.",
                   "A good channel fits your audience, your brand and what you want to do (advertise, sell, recruit).",
                   "Test your assumptions against figures and your own followers."],
        },
    ),
    # ------------------------------------------------------------------------------------------------
    dict(
        number=4, minutes=12,
        slug={"nl": "content", "en": "content"},
        title={"nl": "Stap 4 · Content en frequentie", "en": "Step 4 · Content and frequency"},
        question={"nl": "Wat ga je vertellen, hoe, en hoe vaak?",
                  "en": "What will you say, how, and how often?"},
        outcome={"nl": "thema's en kernboodschappen, een toon, een Hero-Hub-Help-mix en een plan voor hoe vaak en wanneer je post.",
                 "en": "themes and key messages, a tone, a Hero-Hub-Help mix and a plan for how often and when you post."},
        body=[
            md("""
## Wat wil je vertellen?

- **Kernboodschappen:** wat moet je doelgroep over een paar maanden van je weten? Houd het bij twee of drie.
- **Thema's:** onderwerpen die steeds terugkomen. Haal ze uit de pains en gains van je persona: een probleem
  oplossen of een wens dichterbij brengen is de beste content.
- **Toon:** zakelijk of luchtig, afstandelijk of persoonlijk? Op social media werken verhalen en gevoel
  meestal beter dan alleen feiten en voordelen.
- **Vorm:** tekst, foto, video of live-video, en de mix van eigen content en content van anderen (delen,
  reageren, berichten en reviews van klanten).
""", """
## What do you want to say?

- **Key messages:** what should your audience know about you a few months from now? Keep it to two or three.
- **Themes:** topics that keep coming back. Take them from your persona's pains and gains: solving a
  problem or bringing a wish closer is the best content.
- **Tone:** businesslike or light, distant or personal? On social media, stories and feelings usually work
  better than facts and benefits alone.
- **Format:** text, photo, video or live video, and the mix of your own content and other people's
  (sharing, replying, posts and reviews by customers).
"""),
            md("""
## Hero, Hub en Help

| | Help | Hub | Hero |
|---|---|---|---|
| **Wat** | altijd beschikbaar, tijdloos, goed vindbaar | vast ritme, herkenbaar format | kort, groot en opvallend |
| **Doel** | helpen en service | contact houden, vertrouwen opbouwen (Think) | bereik en bekendheid (See) |
| **Voorbeelden** | how-to, vraag en antwoord, uitleg, productinformatie | achter de schermen, weetjes, verhalen, de mensen achter je organisatie | een campagne of actie met verwondering, humor of emotie |
| **Oproep** | conversie en service | kennis en conversie | bezoek aan je website |

Het meeste wat je maakt is Help en Hub; Hero is zeldzaam en kost veel. Het formulier begint bij 10% Hero,
30% Hub en 60% Help: schuif het naar wat bij jullie past.
""", """
## Hero, Hub and Help

| | Help | Hub | Hero |
|---|---|---|---|
| **What** | always there, timeless, easy to find | a set rhythm, a recognisable format | short, big and striking |
| **Aim** | help and service | keeping in touch, building trust (Think) | reach and awareness (See) |
| **Examples** | how-to, questions and answers, explainers, product information | behind the scenes, fun facts, stories, the people behind your organisation | a campaign or stunt with wonder, humour or emotion |
| **Call to action** | conversion and service | knowledge and conversion | a visit to your website |

Most of what you make is Help and Hub; Hero is rare and costly. The form starts at 10% Hero, 30% Hub and
60% Help: shift it to what suits you.
"""),
            md("""
## Hoe vaak en wanneer?

Kies een ritme dat je volhoudt: liever twee goede berichten per week, elke week, dan tien in de eerste
week en daarna stilte. Kies dagen en tijden waarop je doelgroep online is (stap 1) en probeer later uit of
andere momenten beter werken.

Vul het formulier in: thema's, kernboodschappen, toon, de mix, en per kanaal hoe vaak en wanneer. Alles
wordt automatisch opgeslagen.
""", """
## How often and when?

Choose a rhythm you can keep up: two good posts a week, every week, rather than ten in the first week
and silence after. Choose days and times when your audience is online (step 1), and try out later
whether other moments work better.

Fill in the form: themes, key messages, tone, the mix, and for each channel how often and when.
Everything is saved automatically.
"""),
            code("from helpers import ui\nui.content()"),
        ],
        keypoints={
            "nl": ["Twee of drie kernboodschappen en een paar vaste thema's: herhaling maakt je herkenbaar.",
                   "De pains en gains van je persona zijn de bron van je beste content.",
                   "Vooral Help en Hub, af en toe Hero.",
                   "Een vol te houden ritme wint van veel berichten."],
            "en": ["Two or three key messages and a few set themes: repetition makes you recognisable.",
                   "Your persona's pains and gains are the source of your best content.",
                   "Mostly Help and Hub, now and then Hero.",
                   "A rhythm you can keep up beats a lot of posts."],
        },
    ),
    # ------------------------------------------------------------------------------------------------
    dict(
        number=5, minutes=12,
        slug={"nl": "team-en-kalender", "en": "team-and-calendar"},
        title={"nl": "Stap 5 · Team en contentkalender", "en": "Step 5 · Team and content calendar"},
        question={"nl": "Wie doet wat, en wat verschijnt wanneer?",
                  "en": "Who does what, and what goes out when?"},
        outcome={"nl": "een takenlijst met namen en data, en een contentkalender voor de komende weken.",
                 "en": "a task list with names and dates, and a content calendar for the coming weeks."},
        body=[
            md("""
## Wie doet wat?

Een strategie zonder eigenaar blijft een plan op papier. Spreek af:

- wie content maakt, wie meeleest en wie publiceert;
- wie reageert op vragen en berichten, en wanneer jullie bereikbaar zijn;
- wie de cijfers bijhoudt en wie eindverantwoordelijk is;
- hoeveel uur per week er beschikbaar is, en welk budget.

Denk ook aan de **workflow**: welke stappen doorloopt een bericht? Bijvoorbeeld idee → maken → controleren
→ inplannen → publiceren → reageren → meten. Wie doet welke stap?

Zet in het formulier de namen en rollen van je team, en maak de eerste taken aan met een naam en een
datum. Alles wordt automatisch opgeslagen.
""", """
## Who does what?

A strategy without an owner stays a plan on paper. Agree on:

- who makes content, who reviews it and who publishes;
- who replies to questions and messages, and when you can be reached;
- who keeps track of the figures and who is responsible in the end;
- how many hours a week are available, and what budget.

Think about the **workflow** too: which steps does a post go through? For example idea → make → check →
schedule → publish → reply → measure. Who takes which step?

Put your team's names and roles in the form, and create the first tasks, each with a name and a date.
Everything is saved automatically.
"""),
            code("from helpers import ui\nui.team()"),
            md("""
## Redactionele formule en contentkalender

Een **redactionele formule** is een vast schema van terugkerende onderwerpen: bijvoorbeeld elke maandag een
tip (Help), elke woensdag een kijkje achter de schermen (Hub) en elke vrijdag een vraag aan je volgers.
Dan hoef je niet elke week opnieuw te bedenken wat je post.

In de **contentkalender** zet je per bericht: datum en tijd, kanaal, thema, Hero, Hub of Help, vorm, wie
het maakt, een werktitel en de status (idee, concept, klaar, gepubliceerd). Begin met de komende vier
weken; meer hoeft vandaag niet.
""", """
## Editorial formula and content calendar

An **editorial formula** is a fixed schedule of recurring topics: for example a tip every Monday (Help), a
look behind the scenes every Wednesday (Hub) and a question to your followers every Friday. Then you do
not have to think up what to post every week.

In the **content calendar** you note for each post: date and time, channel, theme, Hero, Hub or Help,
format, who makes it, a working title and its status (idea, draft, ready, published). Start with the next
four weeks; that is enough for today.
"""),
            code("ui.calendar()"),
        ],
        keypoints={
            "nl": ["Elke taak heeft één naam en een datum.",
                   "Leg de workflow vast, van idee tot meten.",
                   "Een redactionele formule geeft ritme: vaste onderwerpen op vaste dagen.",
                   "De kalender maakt je strategie concreet: wat, waar, wanneer en door wie."],
            "en": ["Every task has one name and a date.",
                   "Write down the workflow, from idea to measurement.",
                   "An editorial formula gives rhythm: set topics on set days.",
                   "The calendar makes your strategy concrete: what, where, when and by whom."],
        },
    ),
    # ------------------------------------------------------------------------------------------------
    dict(
        number=6, minutes=20,
        slug={"nl": "nabespreking", "en": "debrief"},
        title={"nl": "Nabespreking · Presenteren en de Roos", "en": "Debrief · Presentations and the Rose"},
        question={"nl": "Wat heb je gemaakt, en wat neem je mee?",
                  "en": "What did you make, and what will you take away?"},
        outcome={"nl": "je strategie in vijf punten gepresenteerd en je reflectie (roos, doorn en knop) genoteerd.",
                 "en": "presented your strategy in five points and noted your reflection (rose, thorn and bud)."},
        body=[
            md("""
## Je strategie op één pagina

Hieronder staat je strategie in vijf punten: doelgroep, doelen, kanalen, content, team en kalender. Gebruik
deze pagina bij je presentatie. Mist er nog iets? Vul het aan in die stap.
""", """
## Your strategy on one page

Below is your strategy in five points: audience, goals, channels, content, team and calendar. Use this
page for your presentation. Something missing? Add it in that step.
"""),
            code("from helpers import ui\nui.onepager()"),
            md("""
## Presenteren: 2 tot 3 minuten per groep

Elke groep vertelt kort:

1. **voor wie:** doelgroep en persona;
2. **wat je wilt bereiken:** je SMART-doel;
3. **waar:** je kanalen, en waarom;
4. **wat en hoe vaak:** je content;
5. **wie en wanneer:** team en kalender.

Luister je naar een andere groep? Noteer één ding dat je zelf wilt overnemen.
""", """
## Presenting: 2 to 3 minutes per group

Each group briefly tells:

1. **for whom:** audience and persona;
2. **what you want to achieve:** your SMART goal;
3. **where:** your channels, and why;
4. **what and how often:** your content;
5. **who and when:** team and calendar.

Listening to another group? Note one thing you want to borrow.
"""),
            md("""
## De Roos

We sluiten af met de Roos. Praat vrijuit; er is geen vaste volgorde.

- **Roos:** een hoogtepunt, iets wat goed ging of wat je leuk vond.
- **Doorn:** wat was lastig of minder leuk?
- **Knop:** een nieuw idee dat opkwam, of iets waar je naar uitkijkt.

Schrijf in het formulier wat je groep noemt; alles wordt automatisch opgeslagen.
""", """
## The Rose

We close with the Rose. Speak freely; there is no set order.

- **Rose:** a highlight, something that went well or that you enjoyed.
- **Thorn:** what was hard or less fun?
- **Bud:** a new idea that came up, or something you look forward to.

Write down what your group says in the form; everything is saved automatically.
"""),
            code("ui.rose()"),
        ],
        keypoints={
            "nl": ["Je strategie in vijf punten: voor wie, wat je wilt bereiken, waar, wat en hoe vaak, wie en wanneer.",
                   "Kort presenteren dwingt tot keuzes: wat je niet in twee minuten kunt uitleggen, is nog niet scherp.",
                   "Roos, doorn en knop: wat ging goed, wat was lastig, wat is nieuw.",
                   "Een strategie is nooit af: meet, leer en stel bij, bijvoorbeeld met een A/B-test van twee versies van een bericht."],
            "en": ["Your strategy in five points: for whom, what you want to achieve, where, what and how often, who and when.",
                   "A short presentation forces choices: what you cannot explain in two minutes is not sharp yet.",
                   "Rose, thorn and bud: what went well, what was hard, what is new.",
                   "A strategy is never finished: measure, learn and adjust, for instance with an A/B test of two versions of a post."],
        },
        closing={
            "nl": "**De workshop is klaar.** Je antwoorden blijven bewaard, dus je kunt thuis verder. Wil je "
                  "verder verdiepen? Denk aan een concurrentieanalyse, een SWOT per kanaal, richtlijnen en "
                  "risico's, een budget, en meten met de echte cijfers uit je statistieken. "
                  "[Terug naar het overzicht](../README.md)",
            "en": "**The workshop is complete.** Your answers are kept, so you can carry on at home. Want to go "
                  "deeper? Think of a competitor analysis, a SWOT per channel, guidelines and risks, a budget, "
                  "and measuring with the real figures from your statistics. "
                  "[Back to the overview](../README.md)",
        },
    ),
]


def filename(step: dict, lang: str) -> str:
    return f"{step['number']:02d}-{step['slug'][lang]}.ipynb"


def header(step: dict, lang: str) -> str:
    lab = LABELS[lang]
    return (f"# {step['title'][lang]}\n\n"
            f"**{lab['question']}:** {step['question'][lang]}\n\n"
            f"**{lab['outcome']}:** {step['outcome'][lang]}\n\n"
            f"**{lab['time']}:** {step['minutes']} {lab['minutes']}")


def footer(step: dict, lang: str, following: dict | None) -> str:
    lab = LABELS[lang]
    points = "\n".join(f"- {p}" for p in step["keypoints"][lang])
    text = f"**{lab['keypoints']}**\n\n{points}\n\n"
    if following is not None:
        text += f"**{lab['next']}:** [{following['title'][lang]}]({filename(following, lang)})"
    else:
        text += step["closing"][lang]
    return text


def build(step: dict, lang: str, following: dict | None) -> nbformat.NotebookNode:
    nb = new_notebook(metadata=KERNEL)
    prefix = f"s{step['number']:02d}"
    cells = [new_markdown_cell(header(step, lang))]
    for kind, content in step["body"]:
        if kind == "markdown":
            cells.append(new_markdown_cell(content[lang]))
        else:
            cells.append(new_code_cell(content, metadata=CODE_METADATA))
    cells.append(new_markdown_cell(footer(step, lang, following)))
    for i, cell in enumerate(cells):
        cell["id"] = f"{prefix}-{i:02d}-{'code' if cell.cell_type == 'code' else 'md'}"
    nb.cells = cells
    nbformat.validate(nb)
    return nb


def notebooks() -> dict[Path, str]:
    """Every notebook this file writes: path -> its exact text."""
    out = {}
    for lang in LANGS:
        for i, step in enumerate(STEPS):
            following = STEPS[i + 1] if i + 1 < len(STEPS) else None
            text = nbformat.writes(build(step, lang, following))
            out[HERE / lang / filename(step, lang)] = text if text.endswith("\n") else text + "\n"
    return out


def stale() -> list[Path]:
    """Notebooks that are missing or differ from what :func:`notebooks` would write."""
    return [path for path, text in notebooks().items()
            if not path.exists() or path.read_text(encoding="utf-8") != text]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report notebooks that are out of date")
    args = parser.parse_args(argv)
    if args.check:
        paths = stale()
        for path in paths:
            print(f"out of date: {path.relative_to(HERE.parent)}")
        return 1 if paths else 0
    for path, text in notebooks().items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
