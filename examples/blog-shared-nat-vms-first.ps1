# "Configuration Example", first case, from Microsoft's WinNAT post (2016-05-25): a host whose
# VMs already use a NAT through the internal switch VMNAT gets Windows containers; VMs and
# containers end up sharing one NAT, SharedNAT, through two internal switches.
#
#   shared prefix     192.168.0.0/16   (SharedNAT)
#   container prefix  192.168.1.0/24   (docker's nat network; HNS hands these out)
#   VM addresses      the difference set: 192.168.0.0/16 without 192.168.1.0/24
#
# Runs on the embedded `state` backend:  netnat --store "$(mktemp -d)/state.toml" run examples/blog-shared-nat-vms-first.ps1
# The blog's prose steps are netnat commands here (Install-WindowsFeature, Set-DockerDaemon);
# its `Remove-NetNat` lines prompt on Windows, so this script answers with -Confirm:$false.

# Where the post starts: VMs on VMNAT behind the NAT VMNAT (Microsoft's "Set up a NAT network")
New-VMSwitch -SwitchName VMNAT -SwitchType Internal | Out-Null
New-NetIPAddress -IPAddress 192.168.0.1 -PrefixLength 24 -InterfaceAlias "vEthernet (VMNAT)" | Out-Null
New-NetNat -Name VMNAT -InternalIPInterfaceAddressPrefix 192.168.0.0/24 | Out-Null
Add-VMNetworkAdapter -VMName web1 -SwitchName VMNAT

# PS C:\> Get-NetNat "VMNAT" | Remove-NetNat   (removes the NAT, keeps the internal vSwitch)
Get-NetNat "VMNAT" | Remove-NetNat -Confirm:$false

# - Install Windows Container Feature
Install-WindowsFeature Containers | Out-Null
# - DO NOT START Docker Service (daemon)
# - Edit the arguments passed to the docker daemon (dockerd) by adding --fixed-cidr=<container prefix>
Set-DockerDaemon -AddArgument --fixed-cidr=192.168.1.0/24

# PS C:\> Start-Service Docker; Stop-Service Docker   (docker creates its nat network on 192.168.1.0/24)
Start-Service Docker; Stop-Service Docker
# PS C:\> Get-NetNat | Remove-NetNAT   (again: the NAT goes, the nat switch stays)
Get-NetNat | Remove-NetNAT -Confirm:$false
# PS C:\> New-NetNat -Name SharedNAT -InternalIPInterfaceAddressPrefix <shared prefix>
New-NetNat -Name SharedNAT -InternalIPInterfaceAddressPrefix 192.168.0.0/16 | Out-Null
# PS C:\> Start-Service docker
Start-Service docker

# Docker/HNS assigns container addresses from the container prefix ...
Add-ContainerNetworkEndpoint -ContainerName web -NetworkName nat
# ... and the admin gives VMs addresses from the difference set (netnat refuses the others)
Add-VMGuestIPAddress -VMName web1 -IPAddress 192.168.0.10 -PrefixLength 16
try {
    Add-VMGuestIPAddress -VMName web1 -IPAddress 192.168.1.20 -ErrorAction Stop
} catch {
    Write-Warning "Refused, as the post says: $($_.Exception.Message)"
}

# "In the end, you should have two internal VM switches and one NetNat shared between them."
Get-VMSwitch
Get-NetNat | Format-Table Name, InternalIPInterfaceAddressPrefix
Get-Service docker
Test-NetNat
