"""Hyper-V network adapter cmdlets: Add/Get/Connect/Remove-VMNetworkAdapter (VMs and -ManagementOS).

netnat has no VM objects: a VM is known by the name its adapters carry (on `linux` each VM
adapter is a tap device that QEMU can open)."""

from __future__ import annotations

from collections.abc import Iterator

from netnat.binding import types as t
from netnat.binding.decl import Bound, Cmdlet, CmdletContext, CmdletKind, Example, Param
from netnat.cmdlets.common import check_local, input_source, name_matches, virtualization_error
from netnat.cmdlets.vmswitch import switch_not_found
from netnat.model import hostops, present
from netnat.model.objects import VMNetworkAdapter, VMSwitch
from netnat.record import replace

NS = "Microsoft.HyperV.PowerShell.Commands."
NIC_OBJECTS = t.objects("Microsoft.HyperV.PowerShell.VMNetworkAdapter[]", "VMNetworkAdapter")
SWITCH_OBJECT = t.objects("Microsoft.HyperV.PowerShell.VMSwitch", "VMSwitch")
DEFAULT_NAME = "Network Adapter"
SP_ADD = 'Add-VMNetworkAdapter will add a network adapter "{name}" to "{owner}".'  # [inf]
SP_CONNECT = 'Connect-VMNetworkAdapter will connect "{name}" to the switch "{switch}".'  # [inf]
SP_REMOVE = 'Remove-VMNetworkAdapter will remove the network adapter "{name}".'  # [inf]


def _switch_named(ctx: CmdletContext, bound: Bound, name: str) -> VMSwitch | None:
    """The first switch with that name (Hyper-V allows duplicates)."""
    sw = next((s for s in ctx.state.switches if s.Name.lower() == name.lower()), None)
    if sw is None:
        ctx.write_error(switch_not_found(bound, name))
    return sw


def _vm_not_found(bound: Bound, name: str) -> Exception:
    return virtualization_error(
        bound, f'Hyper-V was unable to find a virtual machine with name "{name}".'
    )


def _adapters(ctx: CmdletContext, bound: Bound) -> list[VMNetworkAdapter]:
    """Adapters chosen by the parameter set: -VMNetworkAdapter, -ManagementOS, -All or -VMName."""
    if bound.has("VMNetworkAdapter"):
        return input_source(bound, "VMNetworkAdapter", VMNetworkAdapter)
    nics = list(ctx.state.vm_adapters)
    if bound.flag("ManagementOS"):
        nics = [n for n in nics if n.IsManagementOs]
        switch = bound.str_("SwitchName")
        if switch:
            ids = {s.Id for s in ctx.state.switches if name_matches(switch, s.Name)}
            nics = [n for n in nics if n.SwitchId in ids]
    elif not bound.flag("All"):
        vms = bound.strs("VMName") or []
        chosen: list[VMNetworkAdapter] = []
        for vm in vms:
            hits = [n for n in nics if not n.IsManagementOs and name_matches(vm, n.VMName)]
            if not hits and "*" not in vm:
                ctx.write_error(_vm_not_found(bound, vm))  # type: ignore[arg-type]
            chosen.extend(h for h in hits if h not in chosen)
        nics = chosen
    names = bound.strs("Name")
    if names:
        nics = [n for n in nics if any(name_matches(p, n.Name) for p in names)]
    return nics


def add_vmnic(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    check_local(bound)
    name = bound.str_("Name") or DEFAULT_NAME
    switch_name = bound.str_("SwitchName")
    switch = _switch_named(ctx, bound, switch_name) if switch_name else None
    if switch_name and switch is None:
        return
    management = bound.flag("ManagementOS")
    if management and switch is None:
        ctx.write_error(
            virtualization_error(
                bound, "A switch name is required to add a management OS network adapter."
            )
        )  # [inf]
        return
    owners = ["the management OS"] if management else (bound.strs("VMName") or [])
    for owner in owners:
        if not ctx.should_process(SP_ADD.format(name=name, owner=owner)):
            continue
        if management:
            assert switch is not None
            ctx.state = hostops.add_vnic(ctx.state, switch, name)
        else:
            ctx.state = hostops.add_vm_nic(
                ctx.state,
                owner,
                name,
                switch.Id if switch else "",
                (bound.str_("StaticMacAddress") or "").replace("-", "").upper(),
            )
        if bound.flag("Passthru"):
            yield present.vm_network_adapter(ctx.state, ctx.state.vm_adapters[-1])


def get_vmnic(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    check_local(bound)
    for nic in _adapters(ctx, bound):
        yield present.vm_network_adapter(ctx.state, nic)


def connect_vmnic(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    check_local(bound)
    if bound.has("VMSwitch"):
        switches = input_source(bound, "VMSwitch", VMSwitch)
        switch = switches[0] if switches else None
    else:
        switch = _switch_named(ctx, bound, str(bound.get("SwitchName")))
    if switch is None:
        return
    for nic in _adapters(ctx, bound):
        if not ctx.should_process(SP_CONNECT.format(name=nic.Name, switch=switch.Name)):
            continue
        connected = replace(nic, SwitchId=switch.Id)
        ctx.state = ctx.state.with_(
            vm_adapters=tuple(connected if n.Id == nic.Id else n for n in ctx.state.vm_adapters)
        )
        if bound.flag("Passthru"):
            yield present.vm_network_adapter(ctx.state, connected)


def remove_vmnic(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    check_local(bound)
    for nic in _adapters(ctx, bound):
        if ctx.should_process(SP_REMOVE.format(name=nic.Name)):
            ctx.state = hostops.remove_vm_adapter(ctx.state, nic.Id)
            if bound.flag("Passthru"):
                yield present.vm_network_adapter(ctx.state, nic)


_HV = CmdletKind.HYPERV
_VMNAME = Param(
    "VMName",
    t.STRING_ARRAY,
    position=0,
    mandatory=True,
    sets=("VMName",),
    by_value=True,
    help="The VM that owns the adapter.",
)
_MGMT = Param(
    "ManagementOS",
    t.SWITCH,
    mandatory=True,
    sets=("ManagementOS",),
    help="The host's own (management OS) adapters.",
)
_NIC_OBJ = Param(
    "VMNetworkAdapter",
    NIC_OBJECTS,
    position=0,
    mandatory=True,
    sets=("ResourceObject",),
    by_value=True,
)
_PASSTHRU = Param("Passthru", t.SWITCH, ("PassThru",))
CMDLETS = (
    Cmdlet(
        "Add-VMNetworkAdapter",
        add_vmnic,
        (
            _VMNAME,
            _MGMT,
            Param("SwitchName", t.STRING),
            Param("Name", t.STRING, ("VMNetworkAdapterName",)),
            Param("DynamicMacAddress", t.SWITCH),
            Param("StaticMacAddress", t.STRING),
            Param("IsLegacy", t.BOOL, sets=("VMName",)),
            _PASSTHRU,
        ),
        kind=_HV,
        dotnet_class=NS + "AddVMNetworkAdapter",
        default_set="VMName",
        should_process=True,
        changes_state=True,
        synopsis="Adds a network adapter to a VM (a tap device on linux) or a host vNIC.",
        examples=(
            Example(
                "New-VMSwitch -SwitchName VMNAT -SwitchType Internal\n"
                "Add-VMNetworkAdapter -VMName web1 -SwitchName VMNAT"
            ),
            Example(
                "New-VMSwitch -SwitchName VMNAT -SwitchType Internal\n"
                "Add-VMNetworkAdapter -ManagementOS -Name Mgmt -SwitchName VMNAT"
            ),
        ),
        output_type="VMNetworkAdapter",
    ),
    Cmdlet(
        "Get-VMNetworkAdapter",
        get_vmnic,
        (
            _VMNAME,
            _MGMT,
            Param("All", t.SWITCH, mandatory=True, sets=("All",)),
            Param("SwitchName", t.STRING, sets=("ManagementOS",)),
            Param("Name", t.STRING, ("VMNetworkAdapterName",), position=1),
        ),
        kind=_HV,
        dotnet_class=NS + "GetVMNetworkAdapter",
        default_set="VMName",
        synopsis="Gets network adapters of VMs or of the host (-ManagementOS).",
        examples=(
            Example("Get-VMNetworkAdapter -ManagementOS"),
            Example("Get-VMNetworkAdapter -All"),
        ),
        output_type="VMNetworkAdapter",
    ),
    Cmdlet(
        "Connect-VMNetworkAdapter",
        connect_vmnic,
        (
            Param(
                "VMName",
                t.STRING_ARRAY,
                position=0,
                mandatory=True,
                sets=("Name_SwitchName", "Name_SwitchObject"),
            ),
            Param(
                "Name", t.STRING_ARRAY, position=1, sets=("Name_SwitchName", "Name_SwitchObject")
            ),
            Param(
                "SwitchName",
                t.STRING,
                position=2,
                mandatory=True,
                sets=("Name_SwitchName", "Object_SwitchName"),
            ),
            Param(
                "VMNetworkAdapter",
                NIC_OBJECTS,
                position=0,
                mandatory=True,
                sets=("Object_SwitchName", "Object_SwitchObject"),
                by_value=True,
            ),
            Param(
                "VMSwitch",
                SWITCH_OBJECT,
                position=2,
                mandatory=True,
                sets=("Name_SwitchObject", "Object_SwitchObject"),
                by_value=True,
            ),
            _PASSTHRU,
        ),
        kind=_HV,
        dotnet_class=NS + "ConnectVMNetworkAdapter",
        default_set="Name_SwitchName",
        should_process=True,
        changes_state=True,
        synopsis="Connects VM network adapters to a switch.",
        examples=(
            Example(
                "New-VMSwitch -SwitchName VMNAT -SwitchType Internal\n"
                "Add-VMNetworkAdapter -VMName web1\n"
                "Connect-VMNetworkAdapter -VMName web1 -SwitchName VMNAT"
            ),
        ),
        output_type="VMNetworkAdapter",
    ),
    Cmdlet(
        "Remove-VMNetworkAdapter",
        remove_vmnic,
        (
            _VMNAME,
            _NIC_OBJ,
            _MGMT,
            Param("Name", t.STRING, ("VMNetworkAdapterName",), sets=("VMName", "ManagementOS")),
            Param("SwitchName", t.STRING, sets=("ManagementOS",)),
            _PASSTHRU,
        ),
        kind=_HV,
        dotnet_class=NS + "RemoveVMNetworkAdapter",
        default_set="VMName",
        should_process=True,
        changes_state=True,
        synopsis="Removes network adapters from VMs or host vNICs (-ManagementOS).",
        examples=(
            Example(
                "New-VMSwitch -SwitchName VMNAT -SwitchType Internal\n"
                "Add-VMNetworkAdapter -VMName web1 -SwitchName VMNAT\n"
                "Remove-VMNetworkAdapter -VMName web1"
            ),
        ),
    ),
)
