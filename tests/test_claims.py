"""Every number in a lesson's prose is printed by that lesson or registered as cited (tools/check_claims.py)."""
import copy
import importlib.util
import json

import pytest

from resnet_lessons import citations, course

spec = importlib.util.spec_from_file_location("check_claims", course.ROOT / "tools" / "check_claims.py")
check_claims = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_claims)

LESSONS = sorted((course.ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_every_number_in_the_prose_is_printed_or_cited(path):
    missing = check_claims.unsupported(path)
    assert not missing, "numbers no output prints and no citation registers (print them from a cell, or add " \
                        "them to resnet_lessons/citations.py with their source):\n" + "\n".join(map(str, missing))


def _with_markdown(tmp_path, source, text):
    notebook = json.loads(source.read_text(encoding="utf-8"))
    notebook = copy.deepcopy(notebook)
    notebook["cells"].append({"cell_type": "markdown", "metadata": {}, "source": [text]})
    path = tmp_path / source.name
    path.write_text(json.dumps(notebook), encoding="utf-8")
    return path


@pytest.mark.parametrize("made_up", [
    "Plain-56 ends at 73.917 % training error.",
    "其训练误差为 61.234 %。",
    "ResNet-56 trains 3.71x faster than plain-56.",
    "The whole sweep took 4,321 s.",
    "The gap is 17.3 points.",
])
def test_a_made_up_number_fails(tmp_path, made_up):
    path = _with_markdown(tmp_path, LESSONS[0], made_up)
    missing = check_claims.unsupported(path)
    assert len(missing) == 1 and missing[0].cell == len(json.loads(path.read_text())["cells"]) - 1, missing


def test_names_and_references_are_not_claims():
    text = ("ResNet-56 and plain-110 on CIFAR-10 and MNIST-1D (arXiv:1512.03385, He et al. 2015, Table 6, Sec. 4.2, "
            "Fig. 6): 3x3 and 1×1 convs, 6n+2 layers, `lr=0.123`, $x_{l+1} = 1.5 x_l$, layer1.0, bf16, V1.5, "
            "torchvision 0.29, 残差网络-56，第 3.1 节, 9 blocks, 20 epochs.")
    assert check_claims.claims_in(text) == []


def test_what_counts_as_a_claim():
    claims = check_claims.claims_in("error 51.0 %, 12 points, 3.5x faster, 45 s, 0.85M parameters, 269,722 weights, "
                                    "ratio 0.91, 2560 万个参数")
    assert [c.text for c in claims] == ["51.0 %", "12 points", "3.5x", "45 s", "0.85M", "269,722", "0.91",
                                        "2560 万"]


def test_support_rules():
    printed = {0.508, 25.6, 3.0}
    claim = check_claims.claims_in("51 %")[0]
    assert check_claims.supported(claim, printed, {True: set(), False: set()})  # fraction printed, % in prose
    claim = check_claims.claims_in("50.9 %")[0]
    assert not check_claims.supported(claim, printed, {True: set(), False: set()})  # more precision than printed
    claim = check_claims.claims_in("2560 万")[0]
    assert check_claims.supported(claim, printed, {True: set(), False: set()})
    claim = check_claims.claims_in("8.75 %")[0]
    assert check_claims.supported(claim, set(), {True: {8.75}, False: {8.75}})
    assert not check_claims.supported(claim, set(), {True: set(), False: {8.75}})  # a % needs a cited percentage


def test_arithmetic_in_prose_supports_its_result():
    text = "a 1x1 conv has 64·256 = 16,384 weights; wrong: 64·64 = 4,097"
    clean = check_claims.clean_text(text)
    claims = {c.text: c for c in check_claims.claims_in(text)}
    right, wrong = claims["16,384"], claims["4,097"]
    assert check_claims.arithmetic_holds(right, clean)
    assert not check_claims.arithmetic_holds(wrong, clean)


def test_every_citation_names_its_source():
    for item in citations.CITED:
        assert isinstance(item.value, (int, float)) and item.what and item.source
        if "et al." in item.source or "arXiv" in item.source:  # a paper: say where in it
            assert any(word in item.source for word in ("Table", "Fig", "Sec", "Appendix", "p.")), item
