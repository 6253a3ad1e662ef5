"""Container-host objects -> PSObjects: container networks and endpoints, services, features,
registry keys, the docker daemon's settings and troubleshooter findings."""

from __future__ import annotations

from collections.abc import Callable

from netnat.model import hklm, hns
from netnat.model.containers import ContainerEndpoint, ContainerNetwork, GuestAddress, Service
from netnat.model.psobject import PSObject, custom_object
from netnat.model.state import State
from netnat.model.winhost import FeatureInfo

T_CONTAINER_NETWORK = "Microsoft.Containers.PowerShell.Objects.ContainerNetwork"  # [inf]
T_ENDPOINT = "NetNat.ContainerNetworkEndpoint"  # netnat's own
T_GUEST_ADDRESS = "NetNat.VMGuestIPAddress"  # netnat's own
T_SERVICE = "System.ServiceProcess.ServiceController"
T_FEATURE = "Microsoft.Windows.ServerManager.Commands.Feature"
T_FEATURE_RESULT = "Microsoft.Windows.ServerManager.Commands.FeatureOperationResult"
T_DISM_IMAGE = "Microsoft.Dism.Commands.ImageObject"
T_DISM_FEATURE = "Microsoft.Dism.Commands.BasicFeatureObject"
T_REGISTRY_KEY = "Microsoft.Win32.RegistryKey"
T_DAEMON = "NetNat.DockerDaemonSettings"  # netnat's own
T_FINDING = "NetNat.Finding"  # netnat's own


def _split(text: str) -> list[str]:
    return [p.strip() for p in text.split(",") if p.strip()]


def container_network(state: State, net: ContainerNetwork) -> PSObject:
    """TP5 properties (spec §4.1) plus netnat's `Endpoints`: who holds which address."""
    subnets = [net.SubnetPrefix] if net.SubnetPrefix else []
    props: dict[str, object] = {
        "Name": net.Name,
        "Id": net.Id,
        "Subnets": subnets,
        "Mode": net.Mode,
        "SourceMac": net.SourceMac,
        "DNSServers": _split(net.DNSServers),
        "DNSSuffix": net.DNSSuffix,
        "SubnetPrefix": subnets,
        "Gateways": [net.GatewayAddress] if net.GatewayAddress else [],
        "NetworkAdapterName": net.NetworkAdapterName,
        "IsDeleted": False,
        "Endpoints": [f"{e.IPAddress} {e.ContainerName}" for e in hns.endpoints_of(state, net)],
    }
    return PSObject((T_CONTAINER_NETWORK, "System.Object"), props, net)


def endpoint(state: State, ep: ContainerEndpoint) -> PSObject:
    net = hns.network_by_id(state, ep.NetworkId)
    props: dict[str, object] = {
        "ContainerName": ep.ContainerName,
        "NetworkName": net.Name if net else None,
        "IPAddress": ep.IPAddress,
        "PrefixLength": ep.PrefixLength,
        "GatewayAddress": net.GatewayAddress if net else None,
        "MacAddress": ep.MacAddress,
        "Id": ep.Id,
        "NetworkId": ep.NetworkId,
    }
    return PSObject((T_ENDPOINT, "System.Object"), props, ep)


def guest_address(state: State, guest: GuestAddress) -> PSObject:
    nic = next((v for v in state.vm_adapters if v.Id == guest.AdapterId), None)
    sw = state.switch(nic.SwitchId) if nic and nic.SwitchId else None
    props: dict[str, object] = {
        "VMName": nic.VMName if nic else None,
        "VMNetworkAdapterName": nic.Name if nic else None,
        "SwitchName": sw.Name if sw else None,
        "IPAddress": guest.IPAddress,
        "PrefixLength": guest.PrefixLength,
    }
    return PSObject((T_GUEST_ADDRESS, "System.Object"), props, guest)


def service(svc: Service) -> PSObject:
    props: dict[str, object] = {
        "Name": svc.Name,
        "RequiredServices": [],
        "CanPauseAndContinue": False,
        "CanShutdown": False,
        "CanStop": svc.Status.name == "Running",
        "DisplayName": svc.DisplayName,
        "DependentServices": [],
        "MachineName": ".",
        "ServiceName": svc.Name,
        "ServicesDependedOn": [],
        "ServiceHandle": None,
        "Status": svc.Status,
        "ServiceType": "Win32OwnProcess",
        "StartType": svc.StartType,
        "Site": None,
        "Container": None,
    }
    names = (T_SERVICE, "System.ComponentModel.Component", "System.MarshalByRefObject")
    return PSObject((*names, "System.Object"), props, svc, text=svc.Name)


def feature(info: FeatureInfo, installed: bool) -> PSObject:
    props: dict[str, object] = {
        "DisplayName": info.display_name,
        "Name": info.name,
        "Installed": installed,
        "InstallState": "Installed" if installed else "Available",
        "FeatureType": "Role" if info.always else "Feature",
        "Path": info.display_name,
        "Depth": 1,
    }
    return PSObject((T_FEATURE, "System.Object"), props, info)


def feature_result(installed: list[FeatureInfo]) -> PSObject:
    props: dict[str, object] = {
        "Success": True,
        "RestartNeeded": "Yes" if installed else "No",
        "FeatureResult": [i.display_name for i in installed],
        "ExitCode": "SuccessRestartRequired" if installed else "NoChangeNeeded",
    }
    return PSObject((T_FEATURE_RESULT, "System.Object"), props)


def dism_image(restart_needed: bool) -> PSObject:
    props: dict[str, object] = {"Path": "", "Online": True, "RestartNeeded": restart_needed}
    return PSObject((T_DISM_IMAGE, "System.Object"), props)


def dism_feature(info: FeatureInfo, enabled: bool) -> PSObject:
    props: dict[str, object] = {
        "FeatureName": info.optional_name,
        "State": "Enabled" if enabled else "Disabled",
    }
    return PSObject((T_DISM_FEATURE, "System.Object"), props, info)


def registry_key(key: hklm.Key) -> PSObject:
    """A Microsoft.Win32.RegistryKey with the PS* note properties and its methods (§5.2)."""
    ps_path = f"{hklm.PROVIDER}::{key.name}"
    props: dict[str, object] = {
        "Property": list(key.values),
        "PSPath": ps_path,
        "PSParentPath": f"{hklm.PROVIDER}::{key.parent_name}" if key.path else "",
        "PSChildName": key.child_name,
        "PSDrive": "HKLM",
        "PSProvider": hklm.PROVIDER,
        "PSIsContainer": True,
        "SubKeyCount": len(key.subkeys),
        "View": "Default",
        "Handle": "Microsoft.Win32.SafeHandles.SafeRegistryHandle",
        "ValueCount": len(key.values),
        "Name": key.name,
    }
    methods: dict[str, Callable[..., object]] = {
        "GetValue": lambda name, default=None: key.values.get(str(name), default),
        "GetValueNames": lambda: list(key.values),
        "GetSubKeyNames": lambda: list(key.subkeys),
        "GetValueKind": lambda name: "String" if str(name) in key.values else None,
        "ToString": lambda: key.name,
    }
    names = (T_REGISTRY_KEY, "System.MarshalByRefObject", "System.Object")
    return PSObject(names, props, key, text=key.name, methods=methods)


def item_property(key: hklm.Key, names: list[str] | None = None) -> PSObject:
    """Get-ItemProperty's object: the values, then the PS* note properties."""
    values = {k: v for k, v in key.values.items() if names is None or k in names}
    return custom_object(
        {
            **values,
            "PSPath": f"{hklm.PROVIDER}::{key.name}",
            "PSParentPath": f"{hklm.PROVIDER}::{key.parent_name}",
            "PSChildName": key.child_name,
            "PSDrive": "HKLM",
            "PSProvider": hklm.PROVIDER,
        }
    )


def finding(check: str, problem: str, fix: str) -> PSObject:
    return PSObject((T_FINDING, "System.Object"), {"Check": check, "Problem": problem, "Fix": fix})
