"""``python -m resnet_lessons <experiment> [options] [--json]``: every experiment from the shell.

Options are generated from each experiment's ``Config`` dataclass, so the command
line and the Python API cannot drift apart; what else the command line needs (the
description, ``run``, ``run_cached``) comes from the module's ``EXPERIMENT``
(see ``experiments/base.py``). Bad input prints one bilingual line naming the option
and exits with status 2, without a traceback; a bug inside an experiment keeps its
traceback.
"""
import argparse
import dataclasses
import json
import os
import sys
import typing

from resnet_lessons.experiments import available, get_experiment
from resnet_lessons.experiments.base import to_dict
from resnet_lessons.i18n import t


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, no usage dump, exit 2
        self.exit(2, f"{both('cli_error')}: {message}\n")


def both(key):
    """The string ``key`` in English and Chinese: the command line speaks both, whatever set_language says."""
    return t(key, lang="both")


def _is_course_error(err):
    """A message the package wrote for the user (every one is bilingual), not a bug inside an experiment."""
    return any("\u4e00" <= ch <= "\u9fff" for ch in str(err))


def _option_kwargs(field, kind):
    """argparse keyword arguments for one Config field, from its type ``kind``, default and metadata."""
    help_en, help_zh = (text.replace("%", "%%") for text in field.metadata.get("help", ("", "")))  # argparse formats with %
    kwargs = {"help": f"{help_en} / {help_zh} ({both('cli_default')}: %(default)s)".strip(" /"),
              "default": field.default}
    if field.default is dataclasses.MISSING:
        kwargs["default"] = field.default_factory()
    origin = typing.get_origin(kind)
    if kind is bool:
        kwargs["action"] = argparse.BooleanOptionalAction
    elif origin in (tuple, list):
        item = typing.get_args(kind)[0] if typing.get_args(kind) else str
        kwargs.update(nargs="+", type=item)
    elif origin is typing.Union:  # Optional[x]
        kwargs["type"] = next(a for a in typing.get_args(kind) if a is not type(None))
    else:
        kwargs["type"] = kind
    if "choices" in field.metadata:
        kwargs["choices"] = field.metadata["choices"]
    return kwargs


def build_parser():
    parser = _Parser(
        prog="python -m resnet_lessons",
        description=both("cli_description"),
        epilog=f"{both('cli_example')}: python -m resnet_lessons degradation --depths 20 56 --json",
    )
    commands = parser.add_subparsers(dest="experiment", metavar="EXPERIMENT",
                                     parser_class=_Parser,
                                     help=f"{both('cli_one_of')}: " + ", ".join(available()))
    for name in available():
        experiment = get_experiment(name).EXPERIMENT
        en, zh = experiment.description
        sub = commands.add_parser(name, help=f"{en} / {zh}", description=f"{en} / {zh}")
        hints = typing.get_type_hints(experiment.config)  # the field types, resolved (no eval of annotation strings)
        for field in dataclasses.fields(experiment.config):
            sub.add_argument("--" + field.name.replace("_", "-"), dest=field.name,
                             **_option_kwargs(field, hints[field.name]))
        sub.add_argument("--json", action="store_true", help=both("cli_json_help"))
        if experiment.run_cached is not None:
            sub.add_argument("--no-cache", action="store_true", help=both("cli_no_cache_help"))
    return parser


def main(argv=None):
    parser = build_parser()
    args = vars(parser.parse_args(argv))
    name = args.pop("experiment")
    if name is None:
        parser.print_help()
        return 2
    as_json = args.pop("json")
    no_cache = args.pop("no_cache", False)
    experiment = get_experiment(name).EXPERIMENT
    try:
        config = experiment.config(**{k: (tuple(v) if isinstance(v, list) else v) for k, v in args.items()})
        if experiment.run_cached is not None:
            result = experiment.run_cached(config, use_cache=not no_cache)
        else:
            result = experiment.run(config)
    except (ValueError, TypeError) as err:
        if not _is_course_error(err):
            raise  # a bug inside the experiment, not a bad option: show the traceback
        print(f"{both('cli_error')}: {err}", file=sys.stderr)
        return 2
    if os.environ.get("RANK", "0") != "0":  # under torchrun, every process has the result; rank 0 prints it
        return 0
    if as_json:
        print(json.dumps(to_dict(result), ensure_ascii=False))
    else:
        print(result.summary())  # every result has one: the protocol (tests/test_registry.py)
    return 0
