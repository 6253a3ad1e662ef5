#!/usr/bin/env bash
# The Hyper-V "set up a NAT network" runbook, one cmdlet per netnat call, on the state backend.
# Uses its own store (a temp file) unless NETNAT_STORE is set.
set -u
export NETNAT_STORE="${NETNAT_STORE:-$(mktemp -d)/state.toml}"
echo "# store: $NETNAT_STORE"
netnat New-VMSwitch –SwitchName VMNAT -SwitchType Internal
netnat Get-NetAdapter
netnat New-NetIPAddress -IPAddress 192.168.0.1 -PrefixLength 24 -InterfaceAlias "vEthernet (VMNAT)"
netnat New-NetNat –Name VMNAT –InternalIPInterfaceAddressPrefix 192.168.0.0/24
netnat Add-NetNatStaticMapping -NatName VMNAT -Protocol TCP -ExternalIPAddress 0.0.0.0/24 \
    -ExternalPort 8080 -InternalIPAddress 192.168.0.10 -InternalPort 80
netnat Get-NetNat
# WinNAT allows one NAT per host: this fails with Windows' error, and changes nothing
netnat New-NetNat -Name Second -InternalIPInterfaceAddressPrefix 172.16.0.0/12 || true
netnat -o json Get-NetNatStaticMapping
