#!/usr/bin/env python3
"""A pass cache for scripts/check-tidy.sh, as ccache is for the compiler.

clang-tidy costs ~5 s of CPU per file and its verdict on a file depends only on what the compiler
reads for it: the source, every header it includes, the flags, the check set and the tool's version.
The build's depfiles (<object>.d, written by -MD) list those headers, so the key of a file is a
SHA-256 over all of them; a file whose key was recorded after a clean run passes without running
clang-tidy again. A finding is never cached: only a whole clean run records its keys.

Paths under the checkout are keyed relative to it, so another clone (CI's fresh one) shares the
cache, like CCACHE_BASEDIR. Usage:
  tidy_cache.py miss BUILD_DIR CACHE_DIR SALT FILE...   prints the files with no recorded pass
  tidy_cache.py record BUILD_DIR CACHE_DIR SALT FILE...  records a pass for each file
A file without a depfile (not built) is always a miss.
"""
import hashlib
import json
import os
import re
import shlex
import sys

ROOT = os.getcwd()


def rel(path):
    path = os.path.normpath(path)
    return os.path.relpath(path, ROOT) if path.startswith(ROOT + os.sep) else path


def file_digest(path, memo={}):
    if path not in memo:
        try:
            with open(path, "rb") as f:
                memo[path] = hashlib.sha256(f.read()).hexdigest()
        except OSError:
            memo[path] = "missing"
    return memo[path]


def depfile_paths(depfile, directory):
    with open(depfile, encoding="utf-8", errors="replace") as f:
        text = f.read().replace("\\\n", " ")
    _, _, deps = text.partition(": ")
    # Depfile paths escape spaces as "\ "; none of ours has one, so a plain split is exact.
    return {os.path.normpath(os.path.join(directory, p)) for p in deps.split()}


def entries(build_dir):
    with open(os.path.join(build_dir, "compile_commands.json"), encoding="utf-8") as f:
        return {os.path.normpath(e["file"]): e for e in json.load(f)}


def key(entry, salt):
    args = shlex.split(entry["command"])
    obj = args[args.index("-o") + 1]
    depfile = os.path.join(entry["directory"], obj + ".d")
    if not os.path.isfile(depfile):
        return None
    h = hashlib.sha256(salt.encode())
    # The command without its output name, with the checkout's path taken out.
    flags = [a for i, a in enumerate(args) if a != "-o" and (i == 0 or args[i - 1] != "-o")]
    h.update(re.sub(re.escape(ROOT), ".", " ".join(flags[1:])).encode())
    # Sorted by the keyed (checkout-relative) name: sorting absolute paths would order a checkout's
    # files differently against /usr/include in /tmp/x and in /work/y, and give each clone its own keys.
    for name, p in sorted((rel(p), p) for p in depfile_paths(depfile, entry["directory"])):
        h.update(f"\n{name} {file_digest(p)}".encode())
    return h.hexdigest()


def main():
    mode, build_dir, cache_dir, salt, *files = sys.argv[1:]
    db = entries(build_dir)
    os.makedirs(cache_dir, exist_ok=True)
    for f in files:
        e = db.get(os.path.normpath(os.path.join(ROOT, f)))
        k = key(e, salt) if e else None
        stamp = os.path.join(cache_dir, k) if k else None
        if mode == "miss":
            if not stamp or not os.path.exists(stamp):
                print(f)
        elif mode == "record" and stamp:
            with open(stamp, "w", encoding="utf-8") as out:
                out.write(rel(os.path.join(ROOT, f)) + "\n")


if __name__ == "__main__":
    main()
