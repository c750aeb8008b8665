"""What the PyTorch baselines share: which BLAS torch really loaded, process-start time, peak RSS.

Imported by the PyTorch scripts (through torchbaseline.py; they put this folder on sys.path). No dependencies
beyond the standard library; `torch` is passed in, so importing this never imports torch.
"""
import ctypes
import os
import re
import resource

# Debian's reference BLAS (package libblas3) and the place update-alternatives links libblas.so.3 from.
REFERENCE_BLAS_DIR = "/blas/"
INSTALL_HINT = "apt-get install libopenblas0-pthread"


def seconds_since_process_start():
    """Wall time since this process started (from /proc; None where unavailable)."""
    try:
        with open("/proc/self/stat") as f:
            # Field 22 (starttime, clock ticks after boot); split after the ')' of the command name.
            start_ticks = int(f.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime") as f:
            uptime = float(f.read().split()[0])
        return round(uptime - start_ticks / os.sysconf("SC_CLK_TCK"), 3)
    except (OSError, ValueError, IndexError):
        return None


def peak_rss_mb():
    # ru_maxrss is in KiB on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _mapped_libraries():
    """Paths of the shared objects mapped into this process (the kernel shows resolved paths)."""
    try:
        with open("/proc/self/maps") as f:
            return sorted({line.split(None, 5)[5].strip() for line in f if line.count(" ") >= 5 and ".so" in line})
    except OSError:
        return []


def classify_blas(paths):
    """(kind, label) for the BLAS among `paths`: openblas | mkl | blis | atlas | reference | unknown."""
    joined = "\n".join(paths)
    if "openblas" in joined:
        variant = re.search(r"openblas-(pthread|openmp|serial)", joined)
        return "openblas", f"OpenBLAS ({variant.group(1)})" if variant else "OpenBLAS"
    if "libmkl" in joined:
        return "mkl", "MKL"
    if "blis" in joined:
        return "blis", "BLIS"
    if "atlas" in joined:
        return "atlas", "ATLAS"
    if any(REFERENCE_BLAS_DIR in p and "libblas.so" in p for p in paths):
        return "reference", "reference BLAS (Debian libblas3)"
    if any("libblas.so" in p for p in paths):
        return "unknown", "libblas.so (unrecognised)"
    return "unknown", "no BLAS library mapped"


def _openblas_details(paths):
    """OpenBLAS's own report (config string, thread count, core) from the library already loaded."""
    for path in paths:
        if "openblas" not in path:
            continue
        try:
            lib = ctypes.CDLL(path)
            get_config, get_threads = lib.openblas_get_config, lib.openblas_get_num_threads
        except (OSError, AttributeError):
            continue
        get_config.restype = ctypes.c_char_p
        details = {"config": get_config().decode(), "threads": get_threads()}
        try:
            get_core = lib.openblas_get_corename
            get_core.restype = ctypes.c_char_p
            details["core"] = get_core().decode()
        except AttributeError:
            pass
        return details
    return None


def blas_info(torch):
    """Which BLAS torch uses here: run a matmul, then read what is mapped into the process."""
    a = torch.ones(64, 64)
    torch.mm(a, a).sum().item()
    mapped = [p for p in _mapped_libraries() if re.search(r"blas|lapack|mkl|atlas", p)]
    kind, label = classify_blas(mapped)
    libblas = next((p for p in mapped if "libblas.so" in os.path.basename(p)), None)
    config = torch.__config__.show()
    built = re.search(r"BLAS_INFO=([^,\s]+)", config)
    info = {
        "kind": kind,
        "library": label,
        "mapped": mapped,
        # The file libblas.so.3 resolves to (update-alternatives' choice on Debian).
        "libblasRealpath": os.path.realpath(libblas) if libblas else None,
        "torchBuiltWith": f"BLAS_INFO={built.group(1)}" if built else None,
        "torchConfig": config,
        "openblasNumThreadsEnv": os.environ.get("OPENBLAS_NUM_THREADS"),
        "warning": f"PyTorch is using Debian's reference BLAS: {INSTALL_HINT}" if kind == "reference" else None,
    }
    openblas = _openblas_details(mapped)
    if openblas:
        info["openblas"] = openblas
        version = re.match(r"OpenBLAS ([\d.]+)", openblas["config"])
        if version:
            info["library"] = label.replace("OpenBLAS", f"OpenBLAS {version.group(1)}")
    return info
