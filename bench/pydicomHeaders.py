"""The pydicom baseline of npm run bench:ingest: read every file's header (stop_before_pixels) and touch the
attributes IQS reads, timed inside Python so that the interpreter's start-up is not counted."""
import json
import os
import sys
import time

import pydicom

folder = sys.argv[1]
paths = sorted(os.path.join(root, name) for root, _, names in os.walk(folder) for name in names)
started = time.perf_counter()
for path in paths:
    ds = pydicom.dcmread(path, stop_before_pixels=True)
    # the attributes IQS reads, so that lazily parsed values are parsed
    for keyword in ("SOPInstanceUID", "OperatorsName", "StationName", "ViewPosition", "StudyDescription",
                    "ImageAndFluoroscopyAreaDoseProduct", "ExposureIndex", "DeviationIndex", "PatientBirthDate"):
        getattr(ds, keyword, None)
seconds = time.perf_counter() - started
print(json.dumps({"files": len(paths), "seconds": seconds}))
