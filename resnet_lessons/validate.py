"""The argument checks the whole package shares (models, data, training, transfer, experiments, widgets).

Every check raises TypeError (wrong type) or ValueError (right type, wrong value) with a bilingual
message that names the argument and says what is allowed, and returns the value it checked.
A bool is never taken for an int.
"""
import math

from resnet_lessons.i18n import error


def shown(value, limit=80):
    """``repr(value)`` for a message, cut to ``limit`` characters (and safe for ints too long to print)."""
    try:
        text = repr(value)
    except ValueError:  # an int of more than 4300 digits (sys.set_int_max_str_digits)
        text = f"<int of {value.bit_length()} bits>"
    return text if len(text) <= limit else text[:limit - 3] + "..."


def is_int(value):
    """An int, and not a bool (True is an int to Python, but never a count or a size)."""
    return isinstance(value, int) and not isinstance(value, bool)


def is_cifar_depth(value, maximum=None):
    """The one depth rule of the paper's CIFAR nets: an int 6n+2 (n >= 1, so at least 8), at most ``maximum``.

    Three stages of n blocks, two layers each, plus the first conv and the classifier: 6n + 2 layers."""
    return is_int(value) and value >= 8 and (value - 2) % 6 == 0 and (maximum is None or value <= maximum)


def check_int(arg, value, minimum=1, maximum=None):
    """An int (not a bool) from ``minimum`` to ``maximum`` (None: no upper bound)."""
    if is_int(value) and value >= minimum and (maximum is None or value <= maximum):
        return value
    exc = ValueError if is_int(value) else TypeError
    if maximum is None:
        raise exc(error("arg_err_int_min", arg=arg, low=minimum, got=shown(value)))
    raise exc(error("arg_err_int", arg=arg, low=minimum, high=maximum, got=shown(value)))


def check_number(arg, value, low, high, low_open=True, high_open=False):
    """A finite int or float (not a bool) in (low, high] (``low_open``/``high_open`` choose the ends).

    An infinite ``high`` means no upper bound: the interval is shown open there, "(0, inf)".
    """
    high_open = high_open or high == math.inf
    interval = f"{'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(error("arg_err_number", arg=arg, interval=interval, got=shown(value)))
    try:
        number = float(value)
    except OverflowError:  # an int too large for a float
        number = math.inf if value > 0 else -math.inf
    above = number > low if low_open else number >= low
    below = number < high if high_open else number <= high
    if not (math.isfinite(number) and above and below):
        raise ValueError(error("arg_err_number", arg=arg, interval=interval, got=shown(value)))
    return value


def check_choice(arg, value, allowed):
    """One of ``allowed`` (strings, ints, bools or None). A value of another type than all of them
    (a bool where ints are allowed, say) is a TypeError; one of the right type but not allowed, a ValueError."""
    types = tuple({type(a) for a in allowed})
    right_type = isinstance(value, types) and (bool in types or not isinstance(value, bool))
    if right_type and value in allowed:
        return value
    exc = ValueError if right_type else TypeError
    raise exc(error("arg_err_choice", arg=arg, allowed=", ".join(repr(a) for a in allowed), got=shown(value)))


def check_bool(arg, value):
    """True or False (not 0 or 1)."""
    if not isinstance(value, bool):
        raise TypeError(error("arg_err_bool", arg=arg, got=shown(value)))
    return value
