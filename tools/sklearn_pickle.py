"""tools/sklearn_pickle.py: load a scikit-learn pickle, or say in one sentence why not.

Course topic: a pickle is a program that rebuilds objects, tied to the library versions that
wrote it. Before loading, this reads the bytes (without running them) for the scikit-learn
version that wrote the file and for numpy 2's module names, so that a file from a newer
writer is refused with what to do instead of an unpickling traceback.
Used by sklearn_to_glassbox.py; its refusals are checked by tests/model/sklearn_parity_test.cpp.
"""
import bz2
import gzip
import importlib
import lzma
import pickle
import re
import struct
import warnings
import zlib
from importlib import metadata

WHAT_TO_DO = ("re-pickle the model with the versions installed here (Debian's python3-sklearn and "
              "python3-numpy), or export it to ONNX with sklearn-onnx where it was written and "
              "convert that with 'glassbox import FILE.onnx -o model.bin'")

# scikit-learn's BaseEstimator.__getstate__ adds "_sklearn_version": "1.2.1" to every
# estimator's state; in the pickle the key's string is followed, a few opcode bytes later,
# by the version's string.
VERSION_AFTER_KEY = re.compile(rb"_sklearn_version.{1,12}?(\d+\.\d+(?:\.\d+)?(?:(?:\.?dev|rc|post|a|b)\d+)?)",
                               re.S)

# joblib.dump(..., compress=...) wraps the pickle in one of these formats, told by its first bytes.
COMPRESSED = (
    (b"\x1f\x8b", gzip.decompress),
    (b"BZh", bz2.decompress),
    (b"\xfd7zXZ\x00", lzma.decompress),
    (b"\x5d\x00\x00", lambda data: lzma.decompress(data, format=lzma.FORMAT_ALONE)),
    (b"\x78", zlib.decompress),
)


class Refusal(Exception):
    """A file or model the converter will not convert; the text is one full sentence."""


def installed(distribution, module):
    """The installed version of a package, from its metadata: importing scikit-learn takes a
    second, and a file refused before loading needs only the version."""
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return importlib.import_module(module).__version__


def release(version):
    """(major, minor, micro) of a version string such as '1.2.1' or '1.5.dev0'."""
    numbers = [int(n) for n in re.findall(r"\d+", version)[:3]]
    return tuple(numbers + [0] * (3 - len(numbers)))


def pickle_stream(raw):
    """The pickle inside a joblib file, decompressed when joblib compressed it."""
    for magic, decompress in COMPRESSED:
        if raw.startswith(magic):
            try:
                return decompress(raw)
            except (OSError, EOFError, ValueError, lzma.LZMAError, zlib.error):
                return raw  # not compressed after all (or truncated): loading will say which
    return raw


def check_writer(stream):
    """Refuses a pickle written by a newer scikit-learn, or by numpy 2 when numpy 1 is installed.

    Returns a note for a pickle from an older scikit-learn (it may load, but scikit-learn
    promises nothing across versions), or None.
    """
    sklearn_version, numpy_version = installed("scikit-learn", "sklearn"), installed("numpy", "numpy")
    written = sorted({m.group(1).decode() for m in VERSION_AFTER_KEY.finditer(stream)}, key=release)
    newest = written[-1] if written else None
    # numpy 2 renamed numpy.core to numpy._core; a pickle of a numpy 2 array names the new module.
    numpy2 = b"numpy._core" in stream and release(numpy_version)[0] < 2
    if numpy2 and newest and release(newest) > release(sklearn_version):
        raise Refusal("it was written by scikit-learn %s with numpy 2, newer than the scikit-learn %s and numpy "
                      "%s installed here, which cannot read it: %s." % (newest, sklearn_version, numpy_version,
                                                                        WHAT_TO_DO))
    if numpy2:
        raise Refusal("it was written with numpy 2 (it names the module numpy._core), which numpy %s installed "
                      "here cannot read: %s." % (numpy_version, WHAT_TO_DO))
    if newest and release(newest) > release(sklearn_version):
        raise Refusal("it was written by scikit-learn %s, newer than the scikit-learn %s installed here, which "
                      "cannot promise to read it: %s." % (newest, sklearn_version, WHAT_TO_DO))
    if newest and newest != sklearn_version:
        return ("it was written by scikit-learn %s and is read with %s; scikit-learn promises nothing across "
                "versions, so check the converted model's predictions." % (newest, sklearn_version))
    return None


def load(path):
    """(the object in the pickle or joblib file at `path`, a note or None); Refusal if it cannot be."""
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as e:
        raise Refusal("it cannot be read (%s)." % e.strerror)
    if not raw:
        raise Refusal("the file is empty, so it holds no pickle.")
    if raw.startswith(b"GLASSBOX"):
        raise Refusal("it is a glassbox model file already (it starts with GLASSBOX): serve it as it is.")
    note = check_writer(pickle_stream(raw))
    import joblib  # joblib.load reads plain pickles as well as joblib's own files

    with warnings.catch_warnings():
        # scikit-learn warns on every estimator from another version; check_writer said it once.
        warnings.simplefilter("ignore")
        try:
            return joblib.load(path), note
        except ModuleNotFoundError as e:
            if e.name and e.name.split(".")[0] == "sklearn":
                version = installed("scikit-learn", "sklearn")
                raise Refusal("it needs the module %s, which the scikit-learn %s installed here does not have, "
                              "so a newer scikit-learn probably wrote it: %s." % (e.name, version, WHAT_TO_DO))
            raise Refusal("it needs the Python module %s, which is not installed here; this tool converts "
                          "scikit-learn models only." % e.name)
        except KeyError as e:
            # The unpickler looks each opcode byte up in a table; a byte that is none is a KeyError.
            byte = e.args[0] if e.args and isinstance(e.args[0], int) else -1
            raise Refusal("it is not a pickle file, or it is damaged: the byte 0x%02x is not a pickle opcode." % byte)
        except (pickle.UnpicklingError, EOFError, struct.error) as e:
            raise Refusal("it is not a pickle file, or it is truncated (%s)." % " ".join(str(e).split()))
        # NOTE: unpickling runs code from the file, so any exception can come out of it.
        except Exception as e:  # noqa: BLE001
            why = " ".join(str(e).split()) or "no reason given"
            raise Refusal("unpickling it failed, so it is damaged or was written for other software (%s: %s)."
                          % (type(e).__name__, why))
