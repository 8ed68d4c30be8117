"""reviewgen.toml: defaults, every section, and the one-line errors for bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewgen.errors import ConfigError
from reviewgen.load.config import Config, load_config, read_config
from reviewgen.model.workbook import Thresholds


def write_toml(folder: Path, text: str) -> Path:
    path = folder / "reviewgen.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_no_file_means_defaults(tmp_path: Path) -> None:
    config = load_config(tmp_path / "cycle.xlsx")
    assert config == Config()
    assert (config.thresholds, config.date_order, config.people_source) == (Thresholds(), "dmy", None)


def test_every_section(tmp_path: Path) -> None:
    write_toml(
        tmp_path,
        """
[thresholds]
rating_gap = 1.5
manager_skew = 1
skew_minimum = 4
disparity_margin = 0.25
group_minimum = 8

[dates]
order = "mdy"

[people]
source = "exports/hris.csv"

[people.columns]
id = "Employee Number"
"Manager" = "Supervisor ID"
""",
    )
    config = load_config(tmp_path / "cycle.xlsx")
    assert config.thresholds == Thresholds(
        rating_gap=1.5, manager_skew=1.0, skew_minimum=4, disparity_margin=0.25, group_minimum=8
    )
    assert config.date_order == "mdy"
    assert config.people_source == str(tmp_path / "exports" / "hris.csv")
    assert config.people is not None
    assert config.people.columns == (("id", ("Employee Number",)), ("manager", ("Supervisor ID",)))
    assert (config.people.manager_by, config.people.top, config.people.include) == ("id", (), ())
    assert config.path == str(tmp_path / "reviewgen.toml")


def test_bom_is_accepted(tmp_path: Path) -> None:
    (tmp_path / "reviewgen.toml").write_bytes('\ufeff[dates]\norder = "mdy"\n'.encode())
    assert load_config(tmp_path / "x.xlsx").date_order == "mdy"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[thresholds\n", "is not valid TOML (Expected ']' at the end of a table declaration (at line 1, column 12)): "
         "fix the line it names"),
        ("[tresholds]\n", "unknown key 'tresholds': allowed are thresholds, dates, people, limits"),
        ("[thresholds]\nrating_gapp = 2\n", "unknown key [thresholds] 'rating_gapp': allowed are rating_gap, "
         "manager_skew, skew_minimum, disparity_margin, group_minimum, guidance_margin"),
        ('[thresholds]\nrating_gap = "two"\n', "[thresholds] rating_gap = 'two': write a number from 0 to 100"),
        ("[thresholds]\nrating_gap = inf\n", "[thresholds] rating_gap = inf: write a number from 0 to 100"),
        ("[thresholds]\nmanager_skew = nan\n", "[thresholds] manager_skew = nan: write a number from 0 to 100"),
        (
            "[thresholds]\nskew_minimum = 2.5\n",
            "[thresholds] skew_minimum = 2.5: write a whole number from 1 to 1000000",
        ),
        ("[thresholds]\ngroup_minimum = 3\n", "[thresholds] group_minimum = 3: groups smaller than 5 are never "
         "reported, write 5 or more"),
        ('[dates]\norder = "ymd"\n', "[dates] order = 'ymd' is not allowed: write \"dmy\" or \"mdy\""),
        ("[dates]\nformat = 1\n", "unknown key [dates] 'format': allowed are order"),
        ("dates = 1\n", "dates must be a table ([dates]), not a single value"),
        ('[people]\nsource = "people.txt"\n', "[people] source = 'people.txt': the export must be a .csv or "
         ".xlsx file"),
        ("[people]\nsource = 3\n", '[people] source must be a file name such as "export.csv"'),
        ('[people]\nsource = "a.csv"\nfile = "b"\n', "unknown key [people] 'file': allowed are source, manager_by, "
         "top, columns, include"),
        ('[people]\nsource = "a.csv"\n[people.columns]\nbadge = "Badge"\n', "unknown key [people.columns] 'badge': "
         "allowed are id, name, email, title, department, manager, communication, orientation, motivation, "
         "potential"),
        ('[people]\nsource = "a.csv"\n[people.columns]\nid = 7\n', "[people.columns] id must be the export's column "
         'header, as text, or a list of headers to join, such as ["First Name", "Last Name"]'),
        ('[people.columns]\nid = "Employee Number"\n', '[people] needs source = "<export file>" beside its other keys'),
        ('[people]\nsource = "a.csv"\nmanager_by = "names"\n', "[people] manager_by = 'names' is not allowed: write "
         '"id" (the manager column holds ids) or "name" (it holds names)'),
        ('[people]\nsource = "a.csv"\ntop = [1]\n', '[people] top must be a text or a list of texts, such as '
         '["Active"]'),
        ('[people]\nsource = "a.csv"\n[people.include]\nStatus = []\n', "[people.include] 'Status' must be a text "
         'or a list of texts, such as ["Active"]'),
    ],
)  # fmt: skip
def test_bad_files_name_file_key_and_what_is_allowed(tmp_path: Path, text: str, message: str) -> None:
    path = write_toml(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        read_config(path)
    assert str(info.value) == f"{path}: {message}"


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "reviewgen.toml"
    path.write_bytes(b'[dates]\norder = "\xff"\n')
    with pytest.raises(ConfigError, match="is not UTF-8 text: save it as UTF-8"):
        load_config(tmp_path / "cycle.xlsx")
