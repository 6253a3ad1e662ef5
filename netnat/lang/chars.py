"""Character classes of the PowerShell tokenizer (powershell-subset §1.1, CharTraits.cs)."""

from __future__ import annotations

DASHES = frozenset("-\u2013\u2014\u2015")
SINGLE_QUOTES = frozenset("'\u2018\u2019\u201a\u201b")
DOUBLE_QUOTES = frozenset('"\u201c\u201d\u201e')
QUOTES = SINGLE_QUOTES | DOUBLE_QUOTES
NEWLINES = frozenset("\r\n")

# ASCII white space plus NBSP, NEL and every Unicode Zs/Zl/Zp separator (char.IsSeparator).
WHITESPACE = frozenset(
    " \t\v\f\u00a0\u0085\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)

# Characters that always end a bare word, a number or a variable in command mode.
FORCE_NEW_TOKEN = WHITESPACE | NEWLINES | frozenset("&(),;{|}")

# Characters that end a number in expression mode (operators), in addition to the set above.
FORCE_NEW_TOKEN_AFTER_NUMBER = frozenset("!#%*+-./<=>]\u2013\u2014\u2015")

# Characters that end a `-Name` parameter token.
PARAM_END = WHITESPACE | NEWLINES | frozenset("&(),.;[{|}")

ESCAPES = {
    "0": "\0",
    "a": "\a",
    "b": "\b",
    "e": "\x1b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
}

SCOPES = frozenset(("global", "script", "local", "private", "using", "workflow"))


def backtick(c: str) -> str:
    """The character that `` `c `` stands for (case-sensitive escape letters)."""
    return ESCAPES.get(c, c)


def is_var_char(c: str) -> bool:
    """A character of an unbraced variable name: letter, digit, `_` or `?`."""
    return c.isalnum() or c == "_" or c == "?"


def is_var_start(c: str) -> bool:
    """A character that may follow `$` to start a variable (VarNameFirst)."""
    return c.isalnum() or c in "_?:^$"


def is_ident_start(c: str) -> bool:
    """First character of an identifier, label or member name."""
    return c.isalpha() or c == "_"


def is_ident_char(c: str) -> bool:
    """Later character of an identifier, label or member name."""
    return c.isalnum() or c == "_"


def ends_number(c: str, expression_mode: bool) -> bool:
    """True if `c` may follow a number literal (otherwise the token is a bare word)."""
    if c == "" or c in FORCE_NEW_TOKEN:
        return True
    return expression_mode and c in FORCE_NEW_TOKEN_AFTER_NUMBER
