"""The click app for everything that is not a cmdlet: help, config, plan."""

from __future__ import annotations

import click

from netnat import __version__
from netnat.cli.main import FORMATS, Options

EPILOG_HEAD = "Cmdlets (run `netnat <Cmdlet> -?` for the syntax of one):"


def _cmdlet_list() -> str:
    from netnat.cmdlets.registry import all_cmdlets

    lines = [EPILOG_HEAD]
    for cmdlet in sorted(all_cmdlets(), key=lambda c: (c.noun.lower(), c.verb.lower())):
        lines.append(f"  {cmdlet.name:<32} {cmdlet.synopsis}")
    return "\n".join(lines)


class NetnatGroup(click.Group):
    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write("\n")
        for line in _cmdlet_list().splitlines():
            formatter.write(line + "\n")


@click.group(
    cls=NetnatGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    help=(
        "Replay Windows NAT runbooks on Linux.\n\n"
        "  netnat [OPTIONS] <Cmdlet> [-Parameter value ...]\n\n"
        "runs one PowerShell cmdlet (New-NetNat, New-VMSwitch, New-NetIPAddress, ...) "
        "against the store. Options go before the cmdlet name. In bash, write "
        "-Confirm:false (or -Confirm:0, or -Confirm:) for PowerShell's -Confirm:$false."
    ),
)
@click.option(
    "--store",
    metavar="PATH",
    help="The store file (default: $NETNAT_STORE, "
    "else /var/lib/netnat/state.toml for root, else the user state dir).",
)
@click.option("--backend", metavar="NAME", help="Backend for this call (default: the store's).")
@click.option(
    "-o", "--output", type=click.Choice(FORMATS), default="default", help="Output format."
)
@click.option("-y", "--yes", is_flag=True, help="Answer every confirmation with Yes.")
@click.option("--non-interactive", is_flag=True, help="Fail instead of prompting.")
@click.option("-c", "--command", metavar="TEXT", help="Run TEXT as a runbook.")
@click.option("-D", "--define", multiple=True, metavar="NAME=VALUE", help="Fill a <placeholder>.")
@click.version_option(__version__, prog_name="netnat")
@click.pass_context
def cli(ctx: click.Context, /, **kwargs: object) -> None:
    ctx.obj = Options(**kwargs)  # type: ignore[arg-type]
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


@cli.command()
@click.argument("key", required=False, type=click.Choice(["mode", "backend"]))
@click.argument("value", required=False)
@click.pass_obj
def config(opts: Options, key: str | None, value: str | None) -> None:
    """Show or change the store's settings: `netnat config mode relaxed`."""
    from netnat.cli.settings import show_or_set

    raise SystemExit(show_or_set(opts, key, value))


@cli.command(context_settings={"ignore_unknown_options": True, "allow_interspersed_args": False})
@click.argument("command", nargs=-1, type=click.UNPROCESSED, required=True)
@click.pass_obj
def plan(opts: Options, command: tuple[str, ...]) -> None:
    """Print the backend plan a cmdlet would apply, and change nothing."""
    from netnat.cli.settings import plan_command

    raise SystemExit(plan_command(opts, command[0], list(command[1:])))


@cli.command(name="run")
@click.argument("file")
@click.option(
    "-D",
    "--define",
    "defines",
    multiple=True,
    metavar="NAME=VALUE",
    help="Fill a <placeholder>, e.g. --define 'shared prefix=10.0.0.0/16'.",
)
@click.pass_obj
def run_(opts: Options, file: str, defines: tuple[str, ...]) -> None:
    """Run a runbook (.ps1, or a pasted blog transcript; - reads stdin)."""
    from netnat.cli.run_script import run_file

    raise SystemExit(run_file(opts, file, list(opts.define) + list(defines)))


@cli.command()
@click.option("--dry-run", is_flag=True, help="Print the steps and change nothing.")
@click.pass_obj
def sync(opts: Options, dry_run: bool) -> None:
    """Bring the kernel back to the store (recreate what was deleted, remove strays)."""
    from netnat.cli.settings import sync_store

    raise SystemExit(sync_store(opts, dry_run))


@cli.command()
@click.argument(
    "shell", type=click.Choice(["bash", "zsh", "fish", "pwsh", "powershell"], case_sensitive=False)
)
def completion(shell: str) -> None:
    """Print the TAB completion script of a shell (docs/completion.md says how to install it)."""
    from netnat.cli.completion_scripts import script

    click.echo(script(shell), nl=False)


@cli.command()
@click.pass_obj
def shell(opts: Options) -> None:
    """An interactive PowerShell-like prompt: TAB completion, history, multi-line input."""
    from netnat.cli.shell import run_shell

    raise SystemExit(run_shell(opts))


@cli.command()
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["tree", "dot"]),
    default="tree",
    help="tree (the terminal) or dot (Graphviz: netnat topology -f dot | dot -Tsvg > net.svg).",
)
@click.pass_obj
def topology(opts: Options, fmt: str) -> None:
    """Draw the host network: switches, vNICs, NATs, mappings, VM adapters, containers."""
    from netnat.cli.topology import show

    raise SystemExit(show(opts, fmt))


@cli.command(name="help")
@click.argument("name")
def help_(name: str) -> None:
    """Show a cmdlet's syntax and examples (same as `netnat <Cmdlet> -?`)."""
    from netnat.binding.syntax import help_text
    from netnat.cmdlets.registry import resolve

    cmdlet = resolve(name)
    if cmdlet is None:
        raise click.BadParameter(f"no cmdlet named {name!r}", param_hint="NAME")
    click.echo(help_text(cmdlet))


def run_app(argv: list[str]) -> int:
    """Run the click app and turn its exits into an exit code."""
    try:
        cli.main(args=argv, prog_name="netnat", standalone_mode=False)
    except click.exceptions.Exit as done:
        return int(done.exit_code)
    except click.ClickException as problem:
        problem.show()
        return problem.exit_code
    except click.exceptions.Abort:
        return 1
    except SystemExit as done:
        return int(done.code or 0)
    return 0


DOCTOR = (  # exit 1 when something was found
    "$found = @(Test-NetNat)\n"
    "if ($found.Count -eq 0) { 'No problems found.' } else { $found; exit 1 }"
)


@cli.command()
@click.pass_obj
def doctor(opts: Options) -> None:
    """Run Test-NetNat: the blog's troubleshooting checks, each finding with its fix."""
    from netnat.cli.run_script import run_command_text

    raise SystemExit(run_command_text(opts, DOCTOR, []))
