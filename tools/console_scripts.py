"""Regenerates data/console_scripts.tsv from wheels downloaded from PyPI.

    pip download --no-deps --only-binary :all: -d WHEELS gunicorn uvicorn ...
    python3 tools/console_scripts.py WHEELS/*.whl > data/console_scripts.tsv

Each wheel's *.dist-info/entry_points.txt [console_scripts] section lists the
programs `pip install` puts on PATH.
"""

import configparser
import datetime
import sys
import zipfile


def main(wheels):
    rows = []
    for path in wheels:
        z = zipfile.ZipFile(path)
        names = z.namelist()
        meta = next(n for n in names if n.endswith(".dist-info/METADATA"))
        fields = dict(
            line.split(": ", 1)
            for line in z.read(meta).decode().splitlines()
            if ": " in line and not line.startswith(" ")
        )
        package = fields["Name"].lower().replace("_", "-").replace(".", "-")
        entry = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        if not entry:
            continue
        parser = configparser.ConfigParser(delimiters=("=",), interpolation=None)
        parser.optionxform = str
        parser.read_string(z.read(entry[0]).decode())
        if parser.has_section("console_scripts"):
            for script in parser["console_scripts"]:
                if not script.startswith("_"):
                    rows.append((script, package, fields["Version"]))
    print("# program\tpackage\tversion read")
    print(f"# console_scripts of each wheel's entry_points.txt, read {datetime.date.today()} by tools/console_scripts.py")
    for row in sorted(set(rows)):
        print("\t".join(row))


if __name__ == "__main__":
    main(sys.argv[1:])
