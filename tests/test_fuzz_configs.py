"""Property-based fuzzing (hypothesis) of what a student can type: experiment configs, command-line options,
model inputs.

The property, everywhere: the input is either accepted (and then behaves: a config survives a round trip
through ``to_dict``/``from_dict`` and JSON, a model returns logits of the right shape) or it is refused with a
``ValueError``/``TypeError`` whose message names the offending argument (or the expected shape) in English
and in Chinese. Never another exception, never a traceback on the command line.

Every example tried is counted (``TRIED``); the last test prints the total at the end of the run.
Derandomized, so CI tries the same inputs every time.
"""
import contextlib
import dataclasses
import functools
import io
import json
import math
import re
import typing
from collections import Counter

import numpy as np
import pytest
import torch
from helpers import CJK
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resnet_lessons import cli
from resnet_lessons.experiments import available, get_experiment
from resnet_lessons.experiments.base import MAX_DEPTH, cache_key, from_dict, make_config, to_dict
from resnet_lessons.models import cifar_resnet, resnet18, resnext50_32x4d

pytestmark = pytest.mark.usefixtures("one_thread")

ENGLISH = re.compile(r"\b[a-z]{3,}\b.*\b[a-z]{3,}\b")
TRIED = Counter()  # inputs tried, by kind: "config", "cli", "model"


def fuzz(max_examples):
    return settings(max_examples=max_examples, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


def assert_bilingual(message):
    assert CJK.search(message), f"no Chinese in: {message}"
    assert ENGLISH.search(message), f"no English in: {message}"


def names_one_of(message, names):
    return any(re.search(rf"(?<![a-z_]){re.escape(name)}(?![a-z_])", message) for name in names)


# --- values: a mix of plausible and hostile ones -------------------------------------------------------

HOSTILE = [
    None, True, False, 0, -1, 1, 2, 3, 7, 9, 2**31, 2**63, 10**30, -(10**30), 10**5000,  # > 4300 digits: no repr
    0.0, -0.0, 0.5, 1.5, 1e-300, 1e308, math.inf, -math.inf, math.nan,
    "", " ", "abc", "1", "20", "auto", "cpu", "plain", "residual", "resnet18", "中文", "cifar_resnet" + "9" * 5000,
    (), ("plain",), ("plain", "plain"), ("residual", "plain"), (1,), (20,), (20, 20), (56, 20), (9,), (0,),
    (True,), (None,), ([],), ({},), ("x", 1), [20], ["plain"], {}, {"depth": 20}, b"20", 3 + 0j,
    np.int64(20), np.float64(0.1), np.float32("nan"), torch.tensor(1), object(),
]
DEPTHS = st.sampled_from([8, 14, 20, 32, 56, 110, 1202, 1208, 9, 21, 2, -4])


def _field_type(module, name):
    return typing.get_type_hints(module.Config)[name]


def _names_of(module):
    """Every tuple of strings the module defines (KINDS, STRATEGIES, ...): valid names for its tuple fields."""
    names = {v for value in vars(module).values() if isinstance(value, tuple)
             for v in value if isinstance(v, str)}
    return sorted(names) + ["cifar_resnet20", "cifar_plain8", "cifar_resnet21", "vgg", "", "PLAIN"]


def plausible(module, field):
    """Values near the valid ones for ``field``: its default, its choices, nearby numbers, small tuples."""
    kind = _field_type(module, field.name)
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    default = field.default if field.default is not dataclasses.MISSING else field.default_factory()
    options = [st.just(default)]
    if "choices" in field.metadata:
        options.append(st.sampled_from(field.metadata["choices"]))
    if origin is typing.Union:  # Optional[x]
        kind = next(a for a in args if a is not type(None))
        options.append(st.none())
    if origin is tuple:
        item = args[0]
        pool = (st.sampled_from(_names_of(module)) if item is str
                else st.one_of(DEPTHS, st.integers(-2, 120)))
        options.append(st.lists(pool, min_size=0, max_size=4).map(tuple))
    elif kind is bool:
        options.append(st.booleans())
    elif kind is int:
        top = max(2 * (default or 0), 12)
        options += [st.integers(-3, top), DEPTHS, st.integers(-(2**40), 2**40)]
    elif kind is float:
        top = 2 * (default or 0) + 1
        options += [st.floats(-1, top), st.floats(allow_nan=True, allow_infinity=True), st.integers(-2, 12)]
    elif kind is str:
        options.append(st.text(max_size=6))
    return st.one_of(*options)


@functools.cache
def overrides_for(name):
    """A strategy for keyword arguments of ``name``'s Config: one to three fields, each plausible or hostile."""
    module = get_experiment(name)
    fields = dataclasses.fields(module.Config)
    per_field = {f.name: st.one_of(plausible(module, f), st.sampled_from(HOSTILE)) for f in fields}
    return st.lists(st.sampled_from(sorted(per_field)), min_size=1, max_size=3, unique=True).flatmap(
        lambda chosen: st.fixed_dictionaries({n: per_field[n] for n in chosen}))


UNKNOWN = st.sampled_from(["bogus", "Depth", "depth ", "no_cache", "json", "lr_", "设备"])


# --- configs --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", available())
def test_config_accepts_or_refuses_clearly(name):
    module = get_experiment(name)

    @fuzz(300)
    @given(kwargs=overrides_for(name), unknown=st.one_of(st.none(), UNKNOWN), start=st.booleans())
    def check(kwargs, unknown, start):
        TRIED["config"] += 1
        overrides = dict(kwargs) if unknown is None else {**kwargs, unknown: 1}
        try:
            # through make_config, as run(config, **overrides) does: from scratch or on top of a valid config
            config = make_config(module.Config, module.Config() if start else None, overrides)
        except (ValueError, TypeError) as err:
            message = str(err)
            assert names_one_of(message, overrides), f"{overrides!r} -> {message}"
            assert_bilingual(message)
            return
        assert unknown is None, f"unknown option {unknown!r} accepted"
        data = to_dict(config)
        assert from_dict(module.Config, data) == config
        text = json.dumps(data, allow_nan=False)  # a valid config is plain, strict JSON
        assert from_dict(module.Config, json.loads(text)) == config  # tuples come back from JSON lists
        assert cache_key(name, config) == cache_key(name, from_dict(module.Config, json.loads(text)))

    check()


def test_huge_and_unprintable_values_are_named_not_printed():
    from resnet_lessons.experiments import gradients

    with pytest.raises(ValueError, match=r"seed .*<int of \d+ bits>") as info:
        gradients.Config(seed=10**5000)
    assert_bilingual(str(info.value))
    with pytest.raises(ValueError, match="lr") as info:
        gradients.Config(lr=10**400)  # too large for a float: refused, not an OverflowError
    with pytest.raises(ValueError, match="depth") as info:
        gradients.Config(depth=6 * 10**6 + 2)  # 6n+2, but far beyond any net a laptop can build
    assert str(MAX_DEPTH) in str(info.value)


# --- the command line ------------------------------------------------------------------------------------

TOKENS = ["abc", "", "-1", "0", "1", "2", "9", "20", "56", "1e999", "nan", "inf", "-inf", "1.5", "0.0", "plain",
          "residual", "vgg", "cpu", "tpu", "mnist1d", "--", "--bogus", "1_000", "0x10", " 3 ", "٣", "9" * 5000]


@functools.cache
def _cli_fields(name):
    return [f.name for f in dataclasses.fields(get_experiment(name).Config)]


@st.composite
def command_lines(draw):
    name = draw(st.sampled_from(available()))
    argv = [name]
    for field in draw(st.lists(st.sampled_from(_cli_fields(name)), min_size=1, max_size=2, unique=True)):
        option = "--" + field.replace("_", "-")
        argv += [draw(st.sampled_from([option, option, "--no-" + option[2:]]))]
        argv += draw(st.lists(st.sampled_from(TOKENS), max_size=3))
    return argv


class _Stub:
    def summary(self):
        return "stub"


@fuzz(400)
@given(argv=command_lines())
def test_command_line_refuses_bad_options_with_exit_code_2(argv):
    """Bad option values: exit status 2 and one bilingual line naming the option; no traceback. Good ones run
    (the experiment itself is stubbed out: this tests the parsing and the validation, not the training)."""
    TRIED["cli"] += 1
    module = get_experiment(argv[0])
    err = io.StringIO()
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stderr(err), \
            contextlib.redirect_stdout(io.StringIO()):
        stub = lambda *a, **k: _Stub()  # noqa: E731
        patch.setattr(module, "EXPERIMENT", dataclasses.replace(
            module.EXPERIMENT, run=stub, run_cached=stub if module.EXPERIMENT.run_cached else None))
        try:
            status = cli.main(argv)
        except SystemExit as exit_:
            status = exit_.code
    message = err.getvalue()
    assert status in (0, 2), (argv, status, message)
    if status == 2:
        assert "Traceback" not in message
        assert message.startswith("error / 错误: ") and message.count("\n") == 1, message
        options = [a.lstrip("-").replace("-", "_") for a in argv if a.startswith("--")]
        mentioned = options + [o.replace("_", "-") for o in options] + [o.removeprefix("no_") for o in options]
        assert names_one_of(message, mentioned) or "unrecognized arguments" in message, (argv, message)


# --- model inputs ------------------------------------------------------------------------------------------

MODELS = {  # name: (builder, input channels, spatial dims)
    "cifar_resnet(8)": (lambda: cifar_resnet(8), 3, 2),
    "cifar_resnet(14, dim=1, in_channels=1, preact)": (lambda: cifar_resnet(14, dim=1, in_channels=1, preact=True),
                                                       1, 1),
    "cifar_resnet(8, plain, shortcut B)": (lambda: cifar_resnet(8, plain=True, shortcut="B"), 3, 2),
    "resnet18(num_classes=10)": (lambda: resnet18(num_classes=10), 3, 2),
    "resnext50_32x4d(num_classes=10)": (lambda: resnext50_32x4d(num_classes=10), 3, 2),
}
DTYPES = [torch.float32] * 4 + [torch.float64, torch.float16, torch.bfloat16, torch.int64, torch.int32, torch.uint8,
                                torch.bool, torch.complex64]
NOT_TENSORS = [None, 3.0, [[1.0, 2.0]], "image", np.zeros((2, 3, 8, 8), dtype=np.float32)]


@functools.cache
def _model(name):
    torch.manual_seed(0)
    return MODELS[name][0]().eval()


@st.composite
def model_inputs(draw, channels, dim):
    if draw(st.integers(0, 9)) == 0:
        return draw(st.sampled_from(NOT_TENSORS))
    rank = draw(st.one_of(st.just(dim + 2), st.integers(0, 5)))
    shape = [draw(st.integers(0, 4)) for _ in range(rank)]
    if rank >= 2 and draw(st.booleans()):
        shape[1] = channels
    if rank >= 3 and draw(st.booleans()):
        shape[2:] = [draw(st.integers(1, 9)) for _ in shape[2:]]
    return torch.randn(shape).to(draw(st.sampled_from(DTYPES)))


@pytest.mark.parametrize("name", list(MODELS))
def test_models_check_their_input(name):
    model, (_, channels, dim) = _model(name), MODELS[name]
    expected = f"(N, {channels}, H, W)" if dim == 2 else f"(N, {channels}, L)"

    @fuzz(80)
    @given(x=model_inputs(channels, dim))
    def check(x):
        TRIED["model"] += 1
        valid = (isinstance(x, torch.Tensor) and x.dim() == dim + 2 and x.shape[1] == channels
                 and min(x.shape[2:]) >= 1 and x.dtype == torch.float32)
        if valid:
            with torch.no_grad():
                assert model(x).shape == (x.shape[0], model.fc.out_features)
            return
        with pytest.raises((ValueError, TypeError)) as info:
            with torch.no_grad():
                model(x)
        assert expected in str(info.value), str(info.value)
        assert_bilingual(str(info.value))

    check()


def test_models_accept_any_float_under_autocast_and_their_own_dtype():
    model = _model("cifar_resnet(8)")
    with torch.no_grad(), torch.autocast("cpu", dtype=torch.bfloat16):
        assert model(torch.randn(2, 3, 8, 8)).dtype == torch.bfloat16
        assert model(torch.randn(2, 3, 8, 8, dtype=torch.bfloat16)).dtype == torch.bfloat16
    double = cifar_resnet(8, dim=1, in_channels=1).double().eval()
    with torch.no_grad():
        assert double(torch.randn(2, 1, 16, dtype=torch.float64)).dtype == torch.float64
    with pytest.raises(TypeError, match=r"torch\.float64.*x\.to\(torch\.float64\)"):
        double(torch.randn(2, 1, 16))


# --- the count (keep this test last) ---------------------------------------------------------------------

def test_zz_count_of_fuzzed_inputs(terminal_summary):
    total = sum(TRIED.values())
    terminal_summary.append(f"fuzzed inputs: {total} ({TRIED['config']} experiment configs, {TRIED['cli']} command "
                            f"lines, {TRIED['model']} model inputs)")
    if len(TRIED) == 3:  # the whole file ran (not a -k selection)
        assert total >= 3000
