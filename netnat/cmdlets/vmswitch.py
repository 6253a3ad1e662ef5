"""Hyper-V switch cmdlets: New/Get/Remove/Rename/Set-VMSwitch (and the blog's New-VirtualSwitch)."""

from __future__ import annotations

from collections.abc import Iterator

from netnat.binding import types as t
from netnat.binding.decl import Bound, Cmdlet, CmdletContext, CmdletKind, Example, Impact, Param
from netnat.cmdlets.common import check_local, input_source, select, virtualization_error
from netnat.errors import NetnatError
from netnat.model import hostops, present
from netnat.model.enums import VMSwitchBandwidthMode, VMSwitchType
from netnat.model.objects import NetAdapter, VMSwitch
from netnat.model.state import State
from netnat.record import replace

NS = "Microsoft.HyperV.PowerShell.Commands."
SWITCH_OBJECTS = t.objects("Microsoft.HyperV.PowerShell.VMSwitch[]", "VMSwitch")
SP_NEW = 'New-VMSwitch will create a new virtual switch "{name}".'
SP_REMOVE = 'Remove-VMSwitch will remove the virtual switch "{name}".'  # [inf]
SP_RENAME = 'Rename-VMSwitch will rename the virtual switch "{name}" to "{new}".'  # [inf]
SP_SET = 'Set-VMSwitch will modify the virtual switch "{name}".'  # [inf]


def switch_not_found(bound: Bound, name: str) -> NetnatError:
    return virtualization_error(
        bound, f'Hyper-V was unable to find a virtual switch with name "{name}".'
    )


def find_switches(ctx: CmdletContext, bound: Bound, param: str = "Name") -> list[VMSwitch]:
    """Switches named by `param` (wildcards allowed) or given as -VMSwitch objects."""
    if bound.has("VMSwitch"):
        return input_source(bound, "VMSwitch", VMSwitch)
    return select(
        ctx,
        bound,
        ctx.state.switches,
        bound.strs(param),
        lambda s: s.Name,
        lambda name: switch_not_found(bound, name),
    )


def _physical(ctx: CmdletContext, bound: Bound) -> NetAdapter | None:
    """The adapter an External switch binds (by -NetAdapterName or its description)."""
    state = ctx.state
    names = bound.strs("NetAdapterName")
    descriptions = bound.strs("NetAdapterInterfaceDescription")
    for a in state.adapters:
        if a.VMNetworkAdapterId:
            continue
        if names and a.Name.lower() == names[0].lower():
            return a
        if descriptions and a.InterfaceDescription.lower() == descriptions[0].lower():
            return a
    wanted = (names or descriptions or [""])[0]
    prop = "Name" if names else "InterfaceDescription"
    ctx.write_error(
        virtualization_error(
            bound,
            f'Hyper-V was unable to find a network adapter with {prop} "{wanted}".',  # [inf]
        )
    )
    return None


def _external(ctx: CmdletContext, bound: Bound, sw: VMSwitch, state: State) -> State | None:
    """Bind a physical adapter; with AllowManagementOS its addresses move to the vNIC."""
    adapter = _physical(ctx, bound)
    if adapter is None:
        return None
    if any(s.NetAdapterName.lower() == adapter.Name.lower() for s in state.switches):
        ctx.write_error(
            virtualization_error(
                bound,
                f"The network adapter '{adapter.InterfaceDescription}' is already bound to "
                "a virtual switch.",  # [inf] text; category/FQID observed
                error_id="ObjectInUse",
                category="ResourceBusy",
            )
        )
        return None
    sw = replace(
        sw,
        SwitchType=VMSwitchType.External,
        NetAdapterName=adapter.Name,
        NetAdapterInterfaceDescription=adapter.InterfaceDescription,
        AllowManagementOS=bool(bound.get("AllowManagementOS", True)),
    )
    state = state.with_(switches=(*state.switches, sw))
    if sw.AllowManagementOS:
        state = hostops.add_vnic(state, sw, sw.Name)
        vnic_adapter = state.adapters[-1]
        state = hostops.move_addresses(state, adapter.ifIndex, vnic_adapter.ifIndex)
    return state


def new_vmswitch(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    check_local(bound)
    name = str(bound.get("Name"))
    if not ctx.should_process(SP_NEW.format(name=name)):
        return
    kind = bound.get("SwitchType", VMSwitchType.External)
    assert isinstance(kind, VMSwitchType)
    sw = VMSwitch(
        Id=hostops.new_guid(),
        Name=name,
        SwitchType=kind,
        Notes=bound.str_("Notes") or "",
        AllowManagementOS=kind is not VMSwitchType.Private,
        BandwidthReservationMode=_bandwidth(bound),
        IovEnabled=bool(bound.get("EnableIov", False)),
        PacketDirectEnabled=bool(bound.get("EnablePacketDirect", False)),
        EmbeddedTeamingEnabled=bool(bound.get("EnableEmbeddedTeaming", False)),
    )
    state: State | None = ctx.state
    if kind is VMSwitchType.External:
        state = _external(ctx, bound, sw, ctx.state)
        if state is None:
            return
        sw = state.switches[-1]
    else:
        state = ctx.state.with_(switches=(*ctx.state.switches, sw))
        if kind is VMSwitchType.Internal:
            state = hostops.add_vnic(state, sw, name)
    ctx.state = state
    yield present.vmswitch(ctx.state, sw)


def _bandwidth(bound: Bound) -> VMSwitchBandwidthMode:
    mode = bound.get("MinimumBandwidthMode", VMSwitchBandwidthMode.Absolute)
    return mode if isinstance(mode, VMSwitchBandwidthMode) else VMSwitchBandwidthMode.Absolute


def new_virtualswitch(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    """The blog's `New-VirtualSwitch -Type internal`: an internal switch with a generated name."""
    existing = {s.Name.lower() for s in ctx.state.switches}
    name = str(bound.get("Name") or "")
    if not name:
        number = 1
        while f"internal{number}" in existing or (number == 1 and "internal" in existing):
            number += 1
        name = "Internal" if number == 1 else f"Internal{number}"
    values = {"Name": name, "SwitchType": bound.get("Type", VMSwitchType.Internal)}
    values.update({k: v for k, v in bound.values.items() if k in ("WhatIf", "Confirm")})
    yield from new_vmswitch(ctx, Bound(NEW_VMSWITCH, "SwitchType", values, bound.invocation_name))


def get_vmswitch(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    check_local(bound)
    if bound.has("Id"):
        ids = {str(i) for i in bound.strs("Id") or []}
        switches = [s for s in ctx.state.switches if s.Id in ids]
    else:
        switches = find_switches(ctx, bound)
    kinds = bound.get("SwitchType")
    if kinds is not None:
        wanted = set(kinds) if isinstance(kinds, list) else {kinds}
        switches = [s for s in switches if s.SwitchType in wanted]
    for sw in switches:
        yield present.vmswitch(ctx.state, sw)


def remove_vmswitch(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    check_local(bound)
    for sw in find_switches(ctx, bound):
        if ctx.should_process(SP_REMOVE.format(name=sw.Name), force=bound.flag("Force")):
            ctx.state = hostops.remove_switch(ctx.state, sw)
    return iter(())


def rename_vmswitch(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    """Renames the switch; like Hyper-V, the host vNIC keeps its `vEthernet (<old>)` name."""
    check_local(bound)
    new_name = str(bound.get("NewName"))
    for sw in find_switches(ctx, bound):
        if not ctx.should_process(SP_RENAME.format(name=sw.Name, new=new_name)):
            continue
        renamed = replace(sw, Name=new_name)
        ctx.state = _replace_switch(ctx.state, sw, renamed)
        if bound.flag("Passthru"):
            yield present.vmswitch(ctx.state, renamed)


def _replace_switch(state: State, old: VMSwitch, new: VMSwitch) -> State:
    return state.with_(switches=tuple(new if s.Id == old.Id else s for s in state.switches))


def set_vmswitch(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    check_local(bound)
    for sw in find_switches(ctx, bound):
        if not ctx.should_process(SP_SET.format(name=sw.Name)):
            continue
        changed = _set_one(ctx, bound, sw)
        if changed is not None and bound.flag("Passthru"):
            yield present.vmswitch(ctx.state, changed)


def _set_one(ctx: CmdletContext, bound: Bound, sw: VMSwitch) -> VMSwitch | None:
    """Notes, AllowManagementOS and a change between Internal and Private."""
    state = ctx.state
    new = replace(sw, Notes=bound.str_("Notes") or "" if bound.has("Notes") else sw.Notes)
    kind = bound.get("SwitchType")
    if isinstance(kind, VMSwitchType) and kind is VMSwitchType.External:
        ctx.write_error(
            virtualization_error(bound, "Use -NetAdapterName to make a switch External.")
        )  # [inf]
        return None
    if isinstance(kind, VMSwitchType):
        new = replace(new, SwitchType=kind, AllowManagementOS=kind is VMSwitchType.Internal)
    if bound.has("AllowManagementOS"):
        new = replace(new, AllowManagementOS=bool(bound.get("AllowManagementOS")))
    state = _replace_switch(state, sw, new)
    vnic = hostops.host_vnic(state, sw.Id)
    if new.AllowManagementOS and vnic is None and new.SwitchType is not VMSwitchType.Private:
        state = hostops.add_vnic(state, new, new.Name)
    elif vnic is not None and (not new.AllowManagementOS or new.SwitchType is VMSwitchType.Private):
        state = hostops.remove_vm_adapter(state, vnic.Id)
    ctx.state = state
    return new


_NAME = Param(
    "Name", t.STRING, ("SwitchName",), position=0, mandatory=True, help="The name of the switch."
)
_HV = CmdletKind.HYPERV
_SETS = ("NetAdapterName", "NetAdapterInterfaceDescription", "SwitchType")
NEW_VMSWITCH = Cmdlet(
    "New-VMSwitch",
    new_vmswitch,
    (
        _NAME,
        Param(
            "NetAdapterName",
            t.STRING_ARRAY,
            ("InterfaceAlias",),
            mandatory=True,
            sets=("NetAdapterName",),
            by_property_name=True,
        ),
        Param(
            "NetAdapterInterfaceDescription",
            t.STRING_ARRAY,
            ("InterfaceDescription",),
            mandatory=True,
            sets=("NetAdapterInterfaceDescription",),
            by_property_name=True,
        ),
        Param("AllowManagementOS", t.BOOL, sets=_SETS[:2]),
        Param(
            "SwitchType",
            t.enum_of(VMSwitchType),
            mandatory=True,
            sets=("SwitchType",),
            validate_set=("Internal", "Private"),
            help="Internal (with a host vNIC) or Private.",
        ),
        Param("Notes", t.STRING),
        Param("MinimumBandwidthMode", t.enum_of(VMSwitchBandwidthMode)),
        Param("EnableIov", t.BOOL),
        Param("EnablePacketDirect", t.BOOL),
        Param("EnableEmbeddedTeaming", t.BOOL),
    ),
    kind=_HV,
    dotnet_class=NS + "NewVMSwitch",
    default_set="NetAdapterName",
    should_process=True,
    changes_state=True,
    synopsis="Creates a virtual switch; an Internal one brings the host vNIC vEthernet (<Name>).",
    examples=(Example("New-VMSwitch -SwitchName VMNAT -SwitchType Internal"),),
    output_type="VMSwitch",
)
_SW_BY_NAME = Param(
    "Name",
    t.STRING_ARRAY,
    ("SwitchName",),
    position=0,
    mandatory=True,
    sets=("Name",),
    by_value=True,
)
_SW_OBJECT = Param(
    "VMSwitch", SWITCH_OBJECTS, position=0, mandatory=True, sets=("SwitchObject",), by_value=True
)
_POOL = Param("ResourcePoolName", t.STRING_ARRAY, position=1)
CMDLETS = (
    NEW_VMSWITCH,
    Cmdlet(
        "New-VirtualSwitch",
        new_virtualswitch,
        (
            Param("Name", t.STRING, ("SwitchName",), position=0),
            Param(
                "Type",
                t.enum_of(VMSwitchType),
                ("SwitchType",),
                validate_set=("Internal", "Private"),
            ),
        ),
        kind=CmdletKind.FUNCTION,
        should_process=True,
        changes_state=True,
        synopsis="netnat's reading of the blog's `New-VirtualSwitch -Type internal`: "
        "New-VMSwitch with a generated name.",
        examples=(Example("New-VirtualSwitch -Type internal"),),
        output_type="VMSwitch",
    ),
    Cmdlet(
        "Get-VMSwitch",
        get_vmswitch,
        (
            Param("Name", t.STRING_ARRAY, ("SwitchName",), position=0, sets=("Name",)),
            Param(
                "Id",
                t.GUID_ARRAY,
                ("SwitchId",),
                position=0,
                sets=("Id",),
                by_value=True,
                by_property_name=True,
            ),
            _POOL,
            Param("SwitchType", t.enum_of(VMSwitchType, array=True)),
        ),
        kind=_HV,
        dotnet_class=NS + "GetVMSwitch",
        default_set="Name",
        synopsis="Gets virtual switches (Hyper-V allows several with one name).",
        examples=(Example("Get-VMSwitch"), Example("Get-VMSwitch -SwitchType Internal")),
        output_type="VMSwitch",
    ),
    Cmdlet(
        "Remove-VMSwitch",
        remove_vmswitch,
        (_SW_BY_NAME, _SW_OBJECT, _POOL, Param("Force", t.SWITCH)),
        kind=_HV,
        dotnet_class=NS + "RemoveVMSwitch",
        default_set="Name",
        should_process=True,
        confirm_impact=Impact.HIGH,
        changes_state=True,
        synopsis="Removes virtual switches with their host vNICs; asks unless -Force.",
        examples=(
            Example(
                "New-VMSwitch -SwitchName Lab -SwitchType Private\nRemove-VMSwitch -Name Lab -Force"
            ),
        ),
    ),
    Cmdlet(
        "Rename-VMSwitch",
        rename_vmswitch,
        (
            Param(
                "Name",
                t.STRING,
                ("SwitchName",),
                position=0,
                mandatory=True,
                sets=("SwitchName",),
                by_value=True,
            ),
            Param(
                "VMSwitch",
                SWITCH_OBJECTS,
                position=0,
                mandatory=True,
                sets=("SwitchObject",),
                by_value=True,
            ),
            Param("NewName", t.STRING, position=1, mandatory=True),
            Param("Passthru", t.SWITCH, ("PassThru",)),
        ),
        kind=_HV,
        dotnet_class=NS + "RenameVMSwitch",
        default_set="SwitchName",
        should_process=True,
        changes_state=True,
        synopsis="Renames a virtual switch (its host vNIC keeps its name, as on Windows).",
        examples=(
            Example(
                "New-VMSwitch -SwitchName Lab -SwitchType Private\n"
                'Rename-VMSwitch "Lab" -NewName "Lab2"'
            ),
        ),
        output_type="VMSwitch",
    ),
    Cmdlet(
        "Set-VMSwitch",
        set_vmswitch,
        (
            Param(
                "Name", t.STRING_ARRAY, ("SwitchName",), position=0, mandatory=True, sets=("Name",)
            ),
            Param(
                "VMSwitch",
                SWITCH_OBJECTS,
                position=0,
                mandatory=True,
                sets=("SwitchObject",),
                by_value=True,
            ),
            Param("SwitchType", t.enum_of(VMSwitchType)),
            Param("AllowManagementOS", t.BOOL),
            Param("Notes", t.STRING),
            Param("Passthru", t.SWITCH, ("PassThru",)),
        ),
        kind=_HV,
        dotnet_class=NS + "SetVMSwitch",
        default_set="Name",
        should_process=True,
        changes_state=True,
        synopsis="Changes a switch's notes, type (Internal/Private) or host vNIC.",
        examples=(
            Example(
                "New-VMSwitch -SwitchName Lab -SwitchType Private\n"
                'Set-VMSwitch -Name Lab -Notes "lab network"'
            ),
        ),
        output_type="VMSwitch",
    ),
)
