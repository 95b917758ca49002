from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFORMANCE = ROOT / "tests" / "conformance"
FIXTURES = ROOT.parent / "shared" / "fixtures"
