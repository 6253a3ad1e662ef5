# Set up a NAT network for Hyper-V VMs (Microsoft's "Set up a NAT network" guide), then publish a
# web server of a VM on port 8080 of the host. Runs on the embedded `state` backend as it is.
New-VMSwitch –SwitchName "VMNAT" –SwitchType Internal
Get-NetAdapter

# The vNIC of the new switch becomes the NAT gateway of the VMs
New-NetIPAddress –IPAddress 192.168.0.1 -PrefixLength 24 -InterfaceAlias "vEthernet (VMNAT)" | Out-Null
New-NetNat –Name VMNAT –InternalIPInterfaceAddressPrefix 192.168.0.0/24

Add-NetNatStaticMapping -NatName VMNAT -Protocol TCP -ExternalIPAddress 0.0.0.0 `
    -ExternalPort 8080 -InternalIPAddress 192.168.0.10 -InternalPort 80 | Out-Null

# WinNAT allows one NAT per host: this fails with Windows' error, and changes nothing
try {
    New-NetNat -Name Second -InternalIPInterfaceAddressPrefix 172.16.0.0/12 -ErrorAction Stop
} catch {
    Write-Warning "A second NAT was refused: $($_.Exception.Message)"
}

Get-NetNatStaticMapping | Format-Table NatName, Protocol, ExternalPort, InternalIPAddress, InternalPort
