"""A tiny user service as an assistant might write it: every handler has a classic flaw."""
import hashlib
import os
import random
import sqlite3
import subprocess
import tempfile

import requests
import yaml
from flask import Flask, request

app = Flask(__name__)
DB = sqlite3.connect("users.db", check_same_thread=False)


@app.route("/user")
def get_user():
    name = request.args.get("name", "")
    cursor = DB.cursor()
    cursor.execute("SELECT id, email FROM users WHERE name = '%s'" % name)
    return {"user": cursor.fetchone()}


@app.route("/ping")
def ping():
    host = request.args.get("host", "localhost")
    out = subprocess.check_output("ping -c 1 " + host, shell=True)
    return out.decode()


@app.route("/import", methods=["POST"])
def import_settings():
    settings = yaml.load(request.data)
    return {"keys": sorted(settings)}


@app.route("/avatar")
def fetch_avatar():
    url = request.args["url"]
    resp = requests.get(url, verify=False)
    return resp.content


def reset_token() -> str:
    return "".join(random.choice("abcdef0123456789") for _ in range(32))


def hash_password(password: str) -> str:
    return hashlib.md5(password.encode()).hexdigest()


def scratch_file() -> str:
    path = tempfile.mktemp(suffix=".csv")
    os.chmod(path, 0o777)
    return path


if __name__ == "__main__":
    app.run(host="0.0.0.0", debug=True)
