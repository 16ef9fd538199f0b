#!/usr/bin/env python3
"""Generate deterministic benchmark trees (no downloads).

usage: make_tree.py PRESET DEST
presets:
  small     a Django app of ~100 files
  medium    an app of ~7,000 files (templates, static assets, migrations)
  venv      a Django app plus a git-ignored, committed 30,000-file .venv and 20,000 files in node_modules
  monorepo  ~100,000 files: several services, the .venv and node_modules above,
            a 50 MB data file, and a real .git
"""
import os
import subprocess
import sys

SETTINGS = '''import os
from pathlib import Path
BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = ["*"]
INSTALLED_APPS = ["django.contrib.staticfiles"]
MIDDLEWARE = ["django.middleware.security.SecurityMiddleware", "whitenoise.middleware.WhiteNoiseMiddleware"]
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
WSGI_APPLICATION = "{name}.wsgi.application"
'''


def write(path, text=""):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def django_app(root, name="mysite", apps=3, extra_files=0):
    write(f"{root}/requirements.txt", "Django==5.2.8\ngunicorn==23.0.0\nwhitenoise==6.8.2\n")
    write(f"{root}/Procfile", f"web: gunicorn {name}.wsgi\n")
    write(f"{root}/.python-version", "3.12\n")
    write(f"{root}/manage.py", f'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "{name}.settings")\n')
    write(f"{root}/{name}/__init__.py")
    write(f"{root}/{name}/settings.py", SETTINGS.format(name=name))
    write(f"{root}/{name}/wsgi.py", f'import os\nfrom django.core.wsgi import get_wsgi_application\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "{name}.settings")\napplication = get_wsgi_application()\n')
    write(f"{root}/{name}/urls.py", "urlpatterns = []\n")
    count = 6
    for a in range(apps):
        for f in ["__init__.py", "models.py", "views.py", "admin.py", "apps.py", "tests.py", "urls.py", "forms.py"]:
            write(f"{root}/app{a}/{f}", f"# app{a} {f}\n")
            count += 1
        for m in range(4):
            write(f"{root}/app{a}/migrations/{m:04}_auto.py", "from django.db import migrations\n")
            count += 1
    i = 0
    while count < extra_files:
        kind = i % 3
        if kind == 0:
            write(f"{root}/templates/t{i // 300}/page{i}.html", "<p>{{ x }}</p>\n")
        elif kind == 1:
            write(f"{root}/static/css/c{i // 300}/s{i}.css", "body{}\n")
        else:
            write(f"{root}/static/js/j{i // 300}/s{i}.js", "let a = 1;\n")
        i += 1
        count += 1


def venv_and_node_modules(root):
    write(f"{root}/.gitignore", ".venv/\nnode_modules/\n")
    write(f"{root}/.venv/pyvenv.cfg", "home = /usr/bin\nversion = 3.12.3\n")
    for i in range(30000):
        write(f"{root}/.venv/lib/python3.12/site-packages/pkg{i // 100}/mod{i}.py", "x = 1\n")
    for i in range(20000):
        write(f"{root}/node_modules/dep{i // 100}/lib/f{i}.js", "module.exports = 1;\n")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    preset, dest = sys.argv[1], sys.argv[2]
    if os.path.exists(dest):
        sys.exit(f"{dest} exists; remove it first")
    if preset == "small":
        django_app(dest, apps=6, extra_files=100)
    elif preset == "medium":
        django_app(dest, apps=20, extra_files=7000)
    elif preset == "venv":
        django_app(dest, apps=3)
        venv_and_node_modules(dest)
    elif preset == "monorepo":
        for s in range(4):
            django_app(f"{dest}/services/svc{s}", name=f"svc{s}", apps=10, extra_files=12500)
        venv_and_node_modules(dest)
        with open(f"{dest}/data.bin", "wb") as f:
            block = bytes(range(256)) * 4096
            for _ in range(50):
                f.write(block)
        subprocess.run(["git", "init", "-q", dest], check=True)
        subprocess.run(["git", "-C", dest, "add", "-A"], check=True)
        subprocess.run(["git", "-C", dest, "-c", "user.name=bench", "-c", "user.email=bench@example.invalid",
                        "commit", "-qm", "bench tree"], check=True)
    else:
        sys.exit(f"unknown preset {preset}\n{__doc__}")


if __name__ == "__main__":
    main()
