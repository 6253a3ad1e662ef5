"""Parser: AST shapes for §1.6 argument mode, §6 language subset and the parsing rules of §8."""

from __future__ import annotations

import pytest

from netnat.lang import ast
from netnat.lang.dump import dump
from netnat.lang.parser import parse


def shape(text: str) -> str:
    """The statements of `text` as compact S-expressions, one per statement, joined by `; `."""
    return "; ".join(dump(s) for s in parse(text).statements)


def command(text: str) -> ast.CommandNode:
    (statement,) = parse(text).statements
    assert isinstance(statement, ast.Pipeline)
    element = statement.elements[0]
    assert isinstance(element, ast.CommandNode)
    return element


def args(text: str) -> str:
    """The elements of the single command in `text`."""
    return dump(command(text).elements)


# --------------------------------------------------------------------------- rule 1: argument mode


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("x 172.16.0.0/12", "['172.16.0.0/12']"),
        ("x 10.0.0.1", "['10.0.0.1']"),
        ("x 24", "[24]"),
        ("x 192.168", "[192.168]"),
        ("Write-Host $a + $b", "[$a '+' $b]"),
        ("Get-NetAdapter vEthernet(x)", "['vEthernet' (Paren (Pipeline [(Command 'x')]))]"),
        ("x $p/12", "[(ExpandableString [$p '/12'])]"),
        ("x -Name:value", "[(-Name: 'value')]"),
        ("x -Name:  value", "[(-Name: 'value')]"),
        ("x -Confirm:$false", "[(-Confirm: $false)]"),
        ("x -Name: -NotAParam", "[(-Name: '-NotAParam')]"),
        ("x -Name:a,b", "[(-Name: (ArrayLiteral ['a' 'b']))]"),
        ("x -1", "['-1']"),
        ("x a,b,'c d',$x", "[(ArrayLiteral ['a' 'b' (Str 'c d') $x])]"),
        ("x a, b,\n c", "[(ArrayLiteral ['a' 'b' 'c'])]"),
        ("x $v.Name $v[0] $v.M(1, 2)",
         "[(MemberAccess $v 'Name') (Index $v 0) (InvokeMember $v 'M' [1 2])]"),
        ("x (Get-NetNat).Name", "[(MemberAccess (Paren (Pipeline [(Command 'Get-NetNat')])) 'Name')]"),
        ("x @p -Force", "[@p -Force]"),
        ("x -- -Name", "['-Name']"),
        ("x 2>$null", "[(Redirection '2' $null)]"),
        ("x 2>&1 *>&1", "[(Redirection '2' '1') (Redirection '*' '1')]"),
        ("x > out.txt", "[(Redirection '1' 'out.txt')]"),
        ("x foo\"bar baz\"", "['foobar baz']"),
        ("x if foreach", "['if' 'foreach']"),
        ("x { $_ }", "[(ScriptBlockExpression (ScriptBlock (StatementBlock [(Pipeline [(Expr $_)])])))]"),
        ("x @{a=1}", "[(Hashtable [(HashEntry 'a' (Pipeline [(Expr 1)]))])]"),
        ("x @(1)", "[(ArrayExpression [(Pipeline [(Expr 1)])])]"),
        ("x $(1)", "[(SubExpression [(Pipeline [(Expr 1)])])]"),
    ],
)  # fmt: skip
def test_argument_mode(text: str, expected: str) -> None:
    assert args(text) == expected


def test_number_argument_keeps_source_text() -> None:
    (arg,) = command("x -Name 010").elements[1:]
    assert isinstance(arg, ast.CommandArgument)
    assert isinstance(arg.value, ast.Constant)
    assert (arg.value.value, arg.value.text) == (10, "010")


def test_parameter_node_keeps_text_and_colon() -> None:
    (param,) = command("x \u2013Name:VMNAT").elements
    assert isinstance(param, ast.CommandParameter)
    assert (param.name, param.text, param.colon) == ("Name", "\u2013Name:", True)


def test_pipe_without_space() -> None:
    assert shape("Get-NetNat \u201cVMNAT\u201d| Remove-NetNat") == (
        "(Pipeline [(Command 'Get-NetNat' [(Str 'VMNAT')]) (Command 'Remove-NetNat')])"
    )


def test_en_dash_parameters() -> None:
    assert args(
        "New-ContainerNetwork \u2013name nat \u2013Mode NAT \u2013subnetprefix 172.16.0.0/12"
    ) == ("[-name 'nat' -Mode 'NAT' -subnetprefix '172.16.0.0/12']")


def test_invocation_operators() -> None:
    assert shape("& $sb 1") == "(Pipeline [(Command $sb [1] '&')])"
    assert shape(". .\\lib.ps1") == "(Pipeline [(Command '.\\\\lib.ps1' '.')])"
    assert (
        shape("& 'C:\\x y\\t.exe' -a")
        == "(Pipeline [(Command (Str 'C:\\\\x y\\\\t.exe') [-a] '&')])"
    )


def test_alias_command_names() -> None:
    assert shape("gci | % { 1 } | ? { 2 }").startswith("(Pipeline [(Command 'gci') (Command '%'")


# --------------------------------------------------------------------------- statement start


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$x", "(Pipeline [(Expr $x)])"),
        ("1..3 | x", "(Pipeline [(Expr (Range 1 3)) (Command 'x')])"),
        ("'a' | x", "(Pipeline [(Expr (Str 'a')) (Command 'x')])"),
        ("(x) | y", "(Pipeline [(Expr (Paren (Pipeline [(Command 'x')]))) (Command 'y')])"),
        ("-not $x", "(Pipeline [(Expr (Unary '-not' $x))])"),
        ("!$x", "(Pipeline [(Expr (Unary '!' $x))])"),
        (",1", "(Pipeline [(Expr (ArrayLiteral [1]))])"),
        ("-1", "(Pipeline [(Expr -1)])"),
        ("[int]'5'", "(Pipeline [(Expr (Cast [int] (Str '5')))])"),
        ("7z a", "(Pipeline [(Command '7z' ['a'])])"),
        ("Get-NetNat", "(Pipeline [(Command 'Get-NetNat')])"),
        ("foreach-object { 1 }", "(Pipeline [(Command 'foreach-object' [(ScriptBlockExpression (ScriptBlock (StatementBlock [(Pipeline [(Expr 1)])])))])])"),
    ],
)  # fmt: skip
def test_statement_start_decides_expression_or_command(text: str, expected: str) -> None:
    assert shape(text) == expected


# --------------------------------------------------------------------------- rule 4: precedence


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$a -or $b -and $c", "(Binary '-and' (Binary '-or' $a $b) $c)"),
        ("$a -and $b -or $c", "(Binary '-or' (Binary '-and' $a $b) $c)"),
        ("$a -xor $b -and $c", "(Binary '-and' (Binary '-xor' $a $b) $c)"),
        ("-not $a -eq $b", "(Binary '-eq' (Unary '-not' $a) $b)"),
        ("1,2 + 3", "(Binary '+' (ArrayLiteral [1 2]) 3)"),
        ("1 + 2 * 3", "(Binary '+' 1 (Binary '*' 2 3))"),
        ("'{0}' -f 1 + 2", "(Binary '+' (Format (Str '{0}') 1) 2)"),
        ("1..3 * 2", "(Binary '*' (Range 1 3) 2)"),
        ("$a -band 1 -eq 1", "(Binary '-band' $a (Binary '-eq' 1 1))"),
        ("'a','b' -contains 'A'", "(Binary '-contains' (ArrayLiteral [(Str 'a') (Str 'b')]) (Str 'A'))"),
        ("1 -\n 2", "(Binary '-' 1 2)"),
        ("$x -ceq 'A'", "(Binary '-ceq' $x (Str 'A'))"),
        ("$x \u2013eq 1", "(Binary '-eq' $x 1)"),
        ("-split 'a b'", "(Unary '-split' (Str 'a b'))"),
        ("$a -split ','", "(Binary '-split' $a (Str ','))"),
        ("$x -is [int]", "(Binary '-is' $x (TypeLiteral [int]))"),
        ("-1..3", "(Range -1 3)"),
        ("$i++", "(Unary '++' $i postfix)"),
        ("--$i", "(Unary '--' $i)"),
    ],
)  # fmt: skip
def test_operator_precedence(text: str, expected: str) -> None:
    (statement,) = parse(text).statements
    assert isinstance(statement, ast.Pipeline)
    element = statement.elements[0]
    assert isinstance(element, ast.CommandExpression)
    assert dump(element.expression) == expected


# --------------------------------------------------------------------------- expressions


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[string[]]$x", "(Cast [string[]] $x)"),
        ("[System.Net.IPAddress]'1.2.3.4'", "(Cast [System.Net.IPAddress] (Str '1.2.3.4'))"),
        ("[System.Collections.Generic.List[string]]::new()",
         "(InvokeMember (TypeLiteral [System.Collections.Generic.List[string]]) 'new' static)"),
        ("[pscustomobject]@{a=1}", "(Cast [pscustomobject] (Hashtable [(HashEntry 'a' (Pipeline [(Expr 1)]))]))"),
        ("[T]::Parse('x').Prop", "(MemberAccess (InvokeMember (TypeLiteral [T]) 'Parse' [(Str 'x')] static) 'Prop')"),
        ("[int]::MaxValue", "(MemberAccess (TypeLiteral [int]) 'MaxValue' static)"),
        ("$h.$name", "(MemberAccess $h $name)"),
        ("$a[0][1]", "(Index (Index $a 0) 1)"),
        ("$a[-1]", "(Index $a -1)"),
        ("$a[0..2]", "(Index $a (Range 0 2))"),
        ("$s.Split(',')[0]", "(Index (InvokeMember $s 'Split' [(Str ',')]) 0)"),
        ("@()", "(ArrayExpression)"),
        ("@{}", "(Hashtable)"),
        ("@{ 'a b' = 1\n b = 2 }", "(Hashtable [(HashEntry (Str 'a b') (Pipeline [(Expr 1)])) (HashEntry 'b' (Pipeline [(Expr 2)]))])"),
        ("@{ a = Get-X | y }", "(Hashtable [(HashEntry 'a' (Pipeline [(Command 'Get-X') (Command 'y')]))])"),
        ("\"${x}: $($y.Name)\"", "(ExpandableString [$x ': ' (SubExpression [(Pipeline [(Expr (MemberAccess $y 'Name'))])])])"),
        ("$env:COMPUTERNAME", "$env:COMPUTERNAME"),
        ("0x10", "0x10"),
        ("(1\n)", "(Paren (Pipeline [(Expr 1)]))"),
    ],
)  # fmt: skip
def test_expressions(text: str, expected: str) -> None:
    (statement,) = parse(text).statements
    assert isinstance(statement, ast.Pipeline)
    element = statement.elements[0]
    assert isinstance(element, ast.CommandExpression)
    assert dump(element.expression) == expected


def test_hashtable_keeps_entry_order() -> None:
    (statement,) = parse("@{ z = 1; a = 2; m = 3 }").statements
    assert isinstance(statement, ast.Pipeline)
    element = statement.elements[0]
    assert isinstance(element, ast.CommandExpression)
    table = element.expression
    assert isinstance(table, ast.Hashtable)
    assert [dump(e.key) for e in table.entries] == ["'z'", "'a'", "'m'"]


# --------------------------------------------------------------------------- statements


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$x = 1", "(Assignment $x '=' (Pipeline [(Expr 1)]))"),
        ("$x += 1", "(Assignment $x '+=' (Pipeline [(Expr 1)]))"),
        ("$a.b = 1", "(Assignment (MemberAccess $a 'b') '=' (Pipeline [(Expr 1)]))"),
        ("$a, $b = 1, 2", "(Assignment (ArrayLiteral [$a $b]) '=' (Pipeline [(Expr (ArrayLiteral [1 2]))]))"),
        ("[int]$n = '5'", "(Assignment (Cast [int] $n) '=' (Pipeline [(Expr (Str '5'))]))"),
        ("$x =\n Get-X", "(Assignment $x '=' (Pipeline [(Command 'Get-X')]))"),
        ("$x = if ($a) { 1 }", "(Assignment $x '=' (If [(IfClause (Pipeline [(Expr $a)]) (StatementBlock [(Pipeline [(Expr 1)])]))]))"),
        ("while ($true) { break }", "(While (Pipeline [(Expr $true)]) (StatementBlock [(Break)]))"),
        ("do { 1 } until ($x)", "(DoUntil (StatementBlock [(Pipeline [(Expr 1)])]) (Pipeline [(Expr $x)]))"),
        ("for (;;) { continue }", "(For (StatementBlock [(Continue)]))"),
        ("throw", "(Throw)"),
        ("return $x", "(Return (Pipeline [(Expr $x)]))"),
        ("exit 3", "(Exit (Pipeline [(Expr 3)]))"),
        ("break outer", "(Break 'outer')"),
        (":outer foreach ($a in $b) { }", "(Foreach $a (Pipeline [(Expr $b)]) (StatementBlock) 'outer')"),
        ("switch -regex ($x) { '^a' { 1 } }", "(Switch (Pipeline [(Expr $x)]) [(SwitchClause (Str '^a') (StatementBlock [(Pipeline [(Expr 1)])]))] ['regex'])"),
        ("try { 1 } finally { 2 }", "(Try (StatementBlock [(Pipeline [(Expr 1)])]) (StatementBlock [(Pipeline [(Expr 2)])]))"),
        ("try { 1 }\ncatch { 2 }", "(Try (StatementBlock [(Pipeline [(Expr 1)])]) [(CatchClause (StatementBlock [(Pipeline [(Expr 2)])]))])"),
        ("if ($a) { 1 }\nelseif ($b) { 2 }\nelse { 3 }", "(If [(IfClause (Pipeline [(Expr $a)]) (StatementBlock [(Pipeline [(Expr 1)])])) (IfClause (Pipeline [(Expr $b)]) (StatementBlock [(Pipeline [(Expr 2)])]))] (StatementBlock [(Pipeline [(Expr 3)])]))"),
        ("if ($a) { 1 }\n\nx", "(If [(IfClause (Pipeline [(Expr $a)]) (StatementBlock [(Pipeline [(Expr 1)])]))]); (Pipeline [(Command 'x')])"),
        ("a; b", "(Pipeline [(Command 'a')]); (Pipeline [(Command 'b')])"),
        ("Get-X |\n  Select-Object Name", "(Pipeline [(Command 'Get-X') (Command 'Select-Object' ['Name'])])"),
        ("Get-X\n| y", None),
    ],
)  # fmt: skip
def test_statements(text: str, expected: str | None) -> None:
    if expected is None:
        with pytest.raises(Exception, match="empty pipe element"):
            parse(text)
        return
    assert shape(text) == expected


def test_function_with_param_block_and_named_blocks() -> None:
    script = parse(
        "function Remove-Nats {\n"
        "    [CmdletBinding(SupportsShouldProcess=$true, ConfirmImpact='High')]\n"
        "    param(\n"
        "        [Parameter(Mandatory, Position=0, ValueFromPipeline=$true)]\n"
        "        [Alias('n')][ValidateSet('a','b')][string[]]$Name,\n"
        "        [int]$Count = 5,\n"
        "        [switch]$Force\n"
        "    )\n"
        "    begin { $n = 0 }\n"
        "    process { $n++ }\n"
        "    end { $n }\n"
        "}\n"
    )
    (function,) = script.statements
    assert isinstance(function, ast.FunctionDefinition)
    assert function.name == "Remove-Nats"
    body = function.body
    assert body.named and body.begin and body.process and body.end
    block = body.param_block
    assert block is not None
    (binding,) = block.attributes
    assert binding.type.name == "CmdletBinding"
    assert [(n.name, dump(n.value)) for n in binding.named] == [
        ("SupportsShouldProcess", "$true"),
        ("ConfirmImpact", "(Str 'High')"),
    ]
    name, count, force = block.parameters
    assert [type(a).__name__ for a in name.attributes] == [
        "Attribute",
        "Attribute",
        "Attribute",
        "TypeName",
    ]
    parameter_attr = name.attributes[0]
    assert isinstance(parameter_attr, ast.Attribute)
    assert [(n.name, n.value is None) for n in parameter_attr.named] == [
        ("Mandatory", True),
        ("Position", False),
        ("ValueFromPipeline", False),
    ]
    assert name.type is not None and name.type.full_name == "string[]"
    assert count.default is not None and dump(count.default) == "5"
    assert force.type is not None and force.type.name == "switch"
    assert function.all_parameters == block.parameters


def test_function_with_parenthesised_parameters_and_filter() -> None:
    (function,) = parse("filter f($a, [int]$b = 2) { $_ }").statements
    assert isinstance(function, ast.FunctionDefinition)
    assert function.is_filter
    assert [p.variable.name for p in function.all_parameters] == ["a", "b"]


def test_script_param_block() -> None:
    script = parse(
        "[CmdletBinding()]\nparam([string]$Prefix = '172.16.0.0/12')\nNew-NetNat -Name x"
    )
    assert script.param_block is not None
    assert script.param_block.parameters[0].variable.name == "Prefix"
    assert len(script.statements) == 1


def test_attribute_lookahead_without_param_is_an_expression() -> None:
    assert (
        shape("[int]'5'\n[string]1")
        == "(Pipeline [(Expr (Cast [int] (Str '5')))]); (Pipeline [(Expr (Cast [string] 1))])"
    )


# --------------------------------------------------------------------------- rule 10 and spans


def test_tab_and_nbsp_separated_commands() -> None:
    assert args("Get-NetNat\t-Name\tVMNAT") == "[-Name 'VMNAT']"
    assert args("Get-NetNat\u00a0-Name\u00a0VMNAT") == "[-Name 'VMNAT']"


def test_crlf_and_cr_line_ends() -> None:
    assert len(parse("a\r\nb\rc").statements) == 3


def test_backtick_continuation_across_lines() -> None:
    assert args("New-NetIPAddress -IPAddress 192.168.0.1 `\n  -PrefixLength 24") == (
        "[-IPAddress '192.168.0.1' -PrefixLength 24]"
    )


def test_spans_of_nodes() -> None:
    node = command("\nGet-NetNat  -Name VMNAT")
    assert (node.span.line, node.span.col, node.span.end_col) == (2, 1, 24)
    param, value = node.elements
    assert (param.span.col, param.span.end_col) == (13, 18)
    assert (value.span.col, value.span.end_col) == (19, 24)


def test_file_name_in_spans() -> None:
    script = parse("x", file="C:\\lab\\nat.ps1")
    assert script.statements[0].span.position_message() == "At C:\\lab\\nat.ps1:1 char:1"
