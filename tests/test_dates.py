from __future__ import annotations

import datetime
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

# The repository has no packaging config yet, so make `assistant` importable from any working directory.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.dates import parse_indonesian_date  # noqa: E402


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("di Surabaya, Jawa Timur, Minggu (4/8/2024).", "2024-08-04"),
        ("Minggu (04/08/2024)", "2024-08-04"),
        ("tanggal 4-8-2024", "2024-08-04"),
        ("Jakarta, 4 Agustus 2024 - KPU", "2024-08-04"),
        ("Senin, 12 Februari 2024", "2024-02-12"),
        ("12 Feb 2024", "2024-02-12"),
        ("12 Feb. 2024", "2024-02-12"),
        ("12 Pebruari 2024", "2024-02-12"),
        ("1 Januari 2025", "2025-01-01"),
        ("3 Jan 2025", "2025-01-03"),
        ("14 Maret 2024", "2024-03-14"),
        ("14 Mar 2024", "2024-03-14"),
        ("9 April 2024", "2024-04-09"),
        ("9 Apr 2024", "2024-04-09"),
        ("20 Mei 2024", "2024-05-20"),
        ("6 Juni 2024", "2024-06-06"),
        ("6 Jun 2024", "2024-06-06"),
        ("17 Juli 2024", "2024-07-17"),
        ("17 Jul 2024", "2024-07-17"),
        ("17 Agu 2024", "2024-08-17"),
        ("17 Agt 2024", "2024-08-17"),
        ("17 Ags 2024", "2024-08-17"),
        ("2 September 2024", "2024-09-02"),
        ("2 Sep 2024", "2024-09-02"),
        ("2 Sept 2024", "2024-09-02"),
        ("27 Oktober 2024", "2024-10-27"),
        ("27 Okt 2024", "2024-10-27"),
        ("27 November 2024", "2024-11-27"),
        ("27 Nov 2024", "2024-11-27"),
        ("27 Nop 2024", "2024-11-27"),
        ("31 Desember 2024", "2024-12-31"),
        ("31 Des 2024", "2024-12-31"),
        ("4 AGUSTUS 2024", "2024-08-04"),
        ("August 4, 2024", "2024-08-04"),
        ("on 4 August 2024 the commission", "2024-08-04"),
        ("December 31 2023", "2023-12-31"),
        ("2024-08-04", "2024-08-04"),
        ("published 2024-08-04T10:00:00+07:00", "2024-08-04"),
    ],
)
def test_recognised_forms(text: str, expected: str) -> None:
    assert parse_indonesian_date(text) == expected


def test_first_date_in_the_text_wins_whatever_its_form() -> None:
    assert parse_indonesian_date("Rapat 12 Februari 2024, dilanjutkan Minggu (4/8/2024).") == "2024-02-12"
    assert parse_indonesian_date("Minggu (4/8/2024), setelah rapat 12 Februari 2024.") == "2024-08-04"
    assert parse_indonesian_date("August 4, 2024 and 2024-09-01") == "2024-08-04"


def test_invalid_dates_are_skipped_not_returned() -> None:
    assert parse_indonesian_date("31/2/2024") is None
    assert parse_indonesian_date("30 Februari 2024") is None
    assert parse_indonesian_date("2024-13-01") is None
    assert parse_indonesian_date("tanggal 31/2/2024 diralat menjadi 1/3/2024") == "2024-03-01"
    assert parse_indonesian_date("29 Februari 2023 atau 29 Februari 2024") == "2024-02-29"


@pytest.mark.parametrize("text", ["4/8/24", "04-08-24", "12 Feb 24", "Agustus 4, 24", "24-08-04"])
def test_two_digit_years_are_not_dates(text: str) -> None:
    assert parse_indonesian_date(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Tingkat partisipasi mencapai 81 persen, selisih 0,1 persen.",
        "Pilkada 2024 digelar serentak di 545 daerah.",
        "Martin 4, 2024",  # "Mar" only as a whole word
        "Nomor 12/345/2024",
        "12/08/20245",
        "Surat nomor 12-3-4567",  # outside 1900-2100: a document number, not a date
    ],
)
def test_text_without_dates(text: str) -> None:
    assert parse_indonesian_date(text) is None


_MONTH_NAMES = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
]

_ENGLISH_MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]


@given(st.dates(min_value=datetime.date(1950, 1, 1), max_value=datetime.date(2099, 12, 31)))
def test_every_valid_date_round_trips_in_each_form(day: datetime.date) -> None:
    forms = [
        f"Sabtu ({day.day}/{day.month}/{day.year})",
        f"{day.day:02d}-{day.month:02d}-{day.year}",
        f"Jakarta, {day.day} {_MONTH_NAMES[day.month - 1]} {day.year} - KPU",
        f"{_ENGLISH_MONTHS[day.month - 1]} {day.day}, {day.year}",
        day.isoformat() + "T07:30:00Z",
    ]
    for form in forms:
        assert parse_indonesian_date(form) == day.isoformat(), form
