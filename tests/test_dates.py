"""Reading dates as participants write them (helpers.dates): a table per language, the English
day-month question never guessed, messages in the participant's language, names from Babel."""
from __future__ import annotations

import datetime as dt
import string

from babel.dates import get_month_names
from hypothesis import given, settings, strategies as st
import pytest

from helpers import dates
from helpers.dates import DateProblem, parse_date, show_date, show_day
from helpers.i18n import catalogue

TODAY = dt.date(2026, 12, 2)  # a Wednesday; "1 juli" is then 1 July 2027
D = dt.date

# text -> the date it says, None (empty), or the reason it is refused
NL = [
    ("1-7-2027", D(2027, 7, 1)),
    ("7-1-2027", D(2027, 1, 7)),
    ("01-07-2027", D(2027, 7, 1)),
    ("1/7/2027", D(2027, 7, 1)),
    ("1.7.2027", D(2027, 7, 1)),
    ("1 juli 2027", D(2027, 7, 1)),
    ("1 jul 2027", D(2027, 7, 1)),
    ("1 jul. 2027", D(2027, 7, 1)),
    ("1 juli", D(2027, 7, 1)),
    ("2027-07-01", D(2027, 7, 1)),
    ("  1-7-2027  ", D(2027, 7, 1)),
    ("\t1 juli 2027\n", D(2027, 7, 1)),
    ("1-7-27", D(2027, 7, 1)),
    ("01-07-27", D(2027, 7, 1)),
    ("1 juli '27", D(2027, 7, 1)),
    ("1 July 2027", D(2027, 7, 1)),
    ("1 July", D(2027, 7, 1)),
    ("July 1, 2027", D(2027, 7, 1)),
    ("1 JULI 2027", D(2027, 7, 1)),
    ("donderdag 1 juli 2027", D(2027, 7, 1)),
    ("do 1 jul 2027", D(2027, 7, 1)),
    ("1e juli 2027", D(2027, 7, 1)),
    ("1ste juli 2027", D(2027, 7, 1)),
    ("1–7–2027", D(2027, 7, 1)),          # a dash as a word processor writes it
    ("1 - 7 - 2027", D(2027, 7, 1)),
    ("2027/07/01", D(2027, 7, 1)),
    ("31-12-2027", D(2027, 12, 31)),
    ("31 december 2027", D(2027, 12, 31)),
    ("29-2-2028", D(2028, 2, 29)),
    ("29 feb", D(2028, 2, 29)),          # the next 29 February
    ("2 december", D(2026, 12, 2)),      # today is not in the past
    ("1 december", D(2027, 12, 1)),      # yesterday's date: next year
    ("15-3", D(2027, 3, 15)),
    ("1 mrt 2027", D(2027, 3, 1)),
    ("1 maart 2027", D(2027, 3, 1)),
    ("1 sept 2027", D(2027, 9, 1)),
    ("1 febr 2027", D(2027, 2, 1)),
    ("1 okt 2027", D(2027, 10, 1)),
    ("1 oct 2027", D(2027, 10, 1)),
    ("1 mei 2027", D(2027, 5, 1)),
    ("1 May 2027", D(2027, 5, 1)),
    ("3-3-2020", D(2020, 3, 3)),         # in the past: read all the same (the field warns)
    ("", None),
    ("   ", None),
    ("31-2-2027", "no_such_day"),
    ("30 feb", "no_such_day"),
    ("31-4-2027", "no_such_day"),
    ("0-7-2027", "no_such_day"),
    ("32-1-2027", "no_such_day"),
    ("7-13-2027", "no_such_month"),      # American order: Dutch dates are day-month-year
    ("1-0-2027", "no_such_month"),
    ("juli 2027", "no_day"),
    ("juli", "no_day"),
    ("7-2027", "no_day"),
    ("1 juyl 2027", "unknown_month"),
    ("morgen", "unknown"),
    ("1-7-2027 12:00", "unknown"),
    ("1-7-2027-5", "unknown"),
    ("12345", "unknown"),
    ("<script>alert(1)</script>", "unknown"),
    ("x" * 10_000, "unknown"),
    ("1-7-227", "bad_year"),
    ("1-7-1492", "bad_year"),
    ("maandag 1 juli 2027", "weekday"),
]

EN = [
    ("1 July 2027", D(2027, 7, 1)),
    ("July 1, 2027", D(2027, 7, 1)),
    ("July 1 2027", D(2027, 7, 1)),
    ("1 Jul 2027", D(2027, 7, 1)),
    ("Jul 1, 2027", D(2027, 7, 1)),
    ("1st July 2027", D(2027, 7, 1)),
    ("July 1st, 2027", D(2027, 7, 1)),
    ("Thursday, 1 July 2027", D(2027, 7, 1)),
    ("Thu 1 Jul 2027", D(2027, 7, 1)),
    ("2027-07-01", D(2027, 7, 1)),
    ("2027/7/1", D(2027, 7, 1)),
    ("  1 July 2027  ", D(2027, 7, 1)),
    ("1 July 27", D(2027, 7, 1)),
    ("1 JULY 2027", D(2027, 7, 1)),
    ("1 july, 2027", D(2027, 7, 1)),
    ("1 July", D(2027, 7, 1)),
    ("July 1", D(2027, 7, 1)),
    ("July 1st", D(2027, 7, 1)),
    ("1 juli 2027", D(2027, 7, 1)),      # a Dutch month name is read in English too
    ("1 mei 2027", D(2027, 5, 1)),
    ("13/7/2027", D(2027, 7, 13)),       # only 7 can be the month
    ("7/13/2027", D(2027, 7, 13)),
    ("13-7-2027", D(2027, 7, 13)),
    ("7/7/2027", D(2027, 7, 7)),         # both readings are the same day
    ("12/12/27", D(2027, 12, 12)),
    ("31/12/2027", D(2027, 12, 31)),
    ("12/31/2027", D(2027, 12, 31)),
    ("25/12", D(2026, 12, 25)),
    ("12/25", D(2026, 12, 25)),
    ("1 Sept 2027", D(2027, 9, 1)),
    ("1 Sep 2027", D(2027, 9, 1)),
    ("1 September 2027", D(2027, 9, 1)),
    ("29 Feb", D(2028, 2, 29)),
    ("2 December", D(2026, 12, 2)),
    ("1 December", D(2027, 12, 1)),
    ("", None),
    ("1/7/2027", "ambiguous"),
    ("7/1/2027", "ambiguous"),
    ("1-7-2027", "ambiguous"),
    ("01.07.2027", "ambiguous"),
    ("1/7", "ambiguous"),
    ("1/7/27", "ambiguous"),
    ("Thursday 1/7/2027", "ambiguous"),
    ("31/2/2027", "no_such_day"),
    ("2/31/2027", "no_such_day"),
    ("30 Feb", "no_such_day"),
    ("13/13/2027", "no_such_month"),
    ("July 2027", "no_day"),
    ("Jully 1, 2027", "unknown_month"),
    ("tomorrow", "unknown"),
    ("1 July 2027 at noon", "unknown"),
    ("1 July 0027", "bad_year"),
    ("1 July 227", "bad_year"),
    ("Monday, 1 July 2027", "weekday"),
]

REASON_KEYS = {"no_such_day": ("no_such_day", "no_such_day_ever")}


def _fixed_words(template: str) -> str:
    """The longest stretch of a catalogue text without a placeholder: it must be in the message."""
    return max((literal.strip(" '.:,") for literal, *_ in string.Formatter().parse(template)), key=len)


@pytest.mark.parametrize("lang,table", [("nl", NL), ("en", EN)])
def test_the_tables_are_big_enough(lang, table):
    assert len(table) >= 40
    assert len({text for text, _ in table}) == len(table), "a text twice in the table"


def _check(lang: str, text: str, expected) -> None:
    if isinstance(expected, str):
        with pytest.raises(DateProblem) as caught:
            parse_date(text, lang, TODAY)
        err = caught.value
        assert err.reason == expected, (text, err.message)
        assert isinstance(err, ValueError) and str(err) == err.message
        keys = REASON_KEYS.get(expected, (expected,))
        words = [_fixed_words(catalogue(lang)[f"dates.{k}"]) for k in keys]
        assert any(w in err.message for w in words), f"{text!r}: {err.message!r} is not in {lang}"
        assert "{" not in err.message and len(err.message) < 300
    else:
        assert parse_date(text, lang, TODAY) == expected, text


@pytest.mark.parametrize("text,expected", NL, ids=[repr(x[:30]) for x, _ in NL])
def test_dutch(text, expected):
    _check("nl", text, expected)


@pytest.mark.parametrize("text,expected", EN, ids=[repr(x[:30]) for x, _ in EN])
def test_english(text, expected):
    _check("en", text, expected)


def test_english_day_and_month_that_could_swap_are_refused_with_a_way_out():
    with pytest.raises(DateProblem) as caught:
        parse_date("1/7/2027", "en", TODAY)
    message = caught.value.message
    assert message == ("'1/7/2027' could be 1 July 2027 or 7 January 2027. "
                       "Write the month as a word, for example 1 July 2027.")
    # what the message suggests is read, and means what it says
    assert parse_date("1 July 2027", "en", TODAY) == D(2027, 7, 1)
    assert parse_date("7 January 2027", "en", TODAY) == D(2027, 1, 7)


def test_messages_say_what_is_wrong_in_the_participants_language():
    def message(text, lang):
        with pytest.raises(DateProblem) as caught:
            parse_date(text, lang, TODAY)
        return caught.value.message

    assert message("31-2-2027", "nl") == "Dag 31 bestaat niet: februari 2027 heeft 28 dagen."
    assert message("31/2/2027", "en") == "There is no day 31: February 2027 has 28 days."
    assert message("7-13-2027", "nl").startswith("Er is geen maand 13.")
    assert message("maandag 1 juli 2027", "nl") == "1 juli 2027 is een donderdag, geen maandag."
    assert message("Monday 1 July 2027", "en") == "1 July 2027 is a Thursday, not a Monday."
    assert message("1 juyl 2027", "nl") == "'juyl' is geen maand die ik ken. Schrijf bijvoorbeeld 1 juli 2027."
    long = message("x" * 10_000, "nl")
    assert len(long) < 200 and "…" in long


@pytest.mark.parametrize("today,expected", [
    (D(2026, 12, 2), D(2027, 7, 1)),
    (D(2027, 7, 1), D(2027, 7, 1)),     # today itself
    (D(2027, 7, 2), D(2028, 7, 1)),
    (D(2027, 1, 1), D(2027, 7, 1)),
])
def test_a_date_without_a_year_is_the_next_one_from_today(today, expected):
    assert parse_date("1 juli", "nl", today) == expected
    assert parse_date("1-7", "nl", today) == expected
    assert parse_date("July 1", "en", today) == expected


def test_today_defaults_to_the_clock():
    assert parse_date("1 juli", "nl") >= dt.date.today()


def test_two_digit_years_are_this_century():
    assert parse_date("1-7-27", "nl", TODAY) == D(2027, 7, 1)
    assert parse_date("1-7-99", "nl", TODAY) == D(2099, 7, 1)
    assert parse_date("1-7-05", "nl", TODAY) == D(2005, 7, 1)


def test_show_date_writes_the_date_as_the_reader_does():
    assert show_date(D(2027, 7, 1), "nl") == "1 juli 2027"
    assert show_date(D(2027, 7, 1), "en") == "1 July 2027"
    assert show_day(D(2027, 7, 1), "nl") == "donderdag 1 juli 2027"
    assert show_day(D(2027, 7, 1), "en") == "Thursday, 1 July 2027"


def test_month_names_come_from_babel_in_both_languages():
    words = dates.month_words()
    for locale in ("nl_NL", "en_GB", "en"):
        for width in ("wide", "abbreviated"):
            for number, name in get_month_names(width, locale=locale).items():
                assert words[name.lower().rstrip(".")] == number, (locale, name)
    assert dates.month_number("Sept") == 9 and dates.month_number("febr") == 2 and dates.month_number("Maart") == 3
    assert dates.month_number("ju") is None      # June or July: too short to tell
    assert dates.month_number("jully") is None


def test_the_past_is_before_today():
    assert dates.in_the_past(D(2026, 12, 1), TODAY)
    assert not dates.in_the_past(TODAY, TODAY) and not dates.in_the_past(None, TODAY)


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=D(1950, 1, 1), max_value=D(2150, 12, 31)), st.sampled_from(["nl", "en"]))
def test_every_date_shown_reads_back_as_itself(d, lang):
    assert parse_date(show_date(d, lang), lang, TODAY) == d
    assert parse_date(show_day(d, lang), lang, TODAY) == d
    assert parse_date(d.isoformat(), lang, TODAY) == d


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2099, 12, 31)), st.sampled_from(["-", "/", "."]),
       st.booleans(), st.booleans())
def test_a_numeric_date_is_never_read_as_another_date(d, sep, zeros, short_year):
    """Dutch: always day-month-year. English: the date itself, or refused when the two numbers
    could swap; never the other reading."""
    day, month = (f"{d.day:02d}", f"{d.month:02d}") if zeros else (str(d.day), str(d.month))
    year = f"{d.year % 100:02d}" if short_year else str(d.year)
    assert parse_date(sep.join((day, month, year)), "nl", TODAY) == d
    for text in (sep.join((day, month, year)), sep.join((month, day, year))):
        try:
            assert parse_date(text, "en", TODAY) == d
        except DateProblem as err:
            assert err.reason == "ambiguous" and d.day <= 12 and d.month <= 12 and d.day != d.month
