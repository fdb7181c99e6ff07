#!/usr/bin/env python3
"""Reads a portfolio export bundle with tools that are not ours, and prints what they found as
one JSON object: Python's zipfile (the archive and its CRCs), jsonschema (portfolio.json against
the schema shipped beside it, and that schema against the repository's copy), hashlib (each
evidence file against the SHA-256 the JSON gives), poppler's pdftotext and pdfinfo, and qpdf.

usage: check_bundle.py BUNDLE.zip REPO_SCHEMA.json
"""
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import zipfile

import jsonschema


def run(*args):
    done = subprocess.run(args, capture_output=True, text=True)
    return done.returncode, done.stdout + done.stderr


def main(bundle, repo_schema):
    out = {}
    with zipfile.ZipFile(bundle) as z:
        out["names"] = z.namelist()
        out["bad_crc"] = z.testzip()
        data = json.loads(z.read("portfolio.json"))
        schema = json.loads(z.read("portfolio.schema.json"))
        with open(repo_schema, encoding="utf-8") as f:
            out["schema_is_the_repos"] = json.load(f) == schema
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
        out["schema_errors"] = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(data)]
        out["json"] = data
        out["sha_mismatch"] = [
            e["path"] for e in data["evidence"] if hashlib.sha256(z.read(e["path"])).hexdigest() != e["sha256"]
        ]
        out["html"] = z.read("index.html").decode("utf-8")
        with tempfile.TemporaryDirectory() as d:
            pdf = os.path.join(d, "portfolio.pdf")
            with open(pdf, "wb") as f:
                f.write(z.read("portfolio.pdf"))
            code, text = run("pdftotext", "-enc", "UTF-8", pdf, "-")
            out["pdftotext_ok"], out["pdf_text"] = code == 0, text
            code, text = run("pdfinfo", pdf)
            out["pdfinfo_ok"], out["pdfinfo"] = code == 0, text
            code, text = run("qpdf", "--check", pdf)
            out["qpdf_ok"], out["qpdf"] = code == 0, text
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
