"""One error contract for every command: a user's mistake is a clear message and a non-zero exit, never a traceback.

* Errors of the package (:class:`~curriculum.errors.CurriculumError`) and of the e-Stat client
  (:class:`estat_client.errors.EStatError`) already say, Japanese first, what happened and the fix:
  they are shown as they are, with exit code 1.
* click's own checks of the command line (a missing option, a bad date, a file that is not there) keep
  click's English detail and exit code 2, under a Japanese first line naming the option.
* Anything else is a bug and keeps its traceback.

Groups and commands get this by ``@click.group(cls=Group)`` / ``@click.command(cls=Command)``; the
top-level ``curriculum`` group has it too, so a command added without it is still covered.
"""

from __future__ import annotations

import click

from curriculum.errors import CurriculumError


def user_error_types() -> tuple[type[BaseException], ...]:
    """The exception classes that mean "the user gave something unusable" (imported only when needed)."""
    from estat_client.errors import EStatError

    return (CurriculumError, EStatError)


class JapaneseUsageError(click.UsageError):
    """A click usage error with a Japanese first line (marks it as already translated)."""


def _japanese_usage_error(err: click.UsageError) -> JapaneseUsageError:
    hint = None
    if isinstance(err, click.BadParameter):
        hint = err.param_hint or (err.param.get_error_hint(err.ctx) if err.param is not None and err.ctx else None)
        if isinstance(hint, (list, tuple)):
            hint = " / ".join(hint)
    if isinstance(err, click.MissingParameter) and hint:
        first = f"{hint} を指定してください。"
    elif hint:
        first = f"{hint} の値が正しくありません。"
    else:
        first = "コマンドの指定が正しくありません。"
    return JapaneseUsageError(f"{first}\n[en] {err.format_message()}", ctx=err.ctx)


class _ClearErrors:
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except JapaneseUsageError:
            raise
        except click.UsageError as err:
            raise _japanese_usage_error(err) from err
        except click.ClickException:
            raise
        except Exception as err:
            if isinstance(err, user_error_types()):
                raise click.ClickException(str(err)) from err
            raise


class Command(_ClearErrors, click.Command):
    """A click command that shows user errors as clear messages (see the module docstring)."""


class Group(_ClearErrors, click.Group):
    """A click group whose commands show user errors as clear messages (see the module docstring).

    Commands and sub-groups declared on it (``@group.command()``, ``@group.group()``) get the same behaviour.
    """

    command_class = Command
    group_class = type  # sub-groups are of this class too
