# "Configuration Example", second case, from Microsoft's WinNAT post (2016-05-25): docker runs
# with its default nat network and the admin now wants VMs on the same NAT.
#
#   shared prefix     192.168.0.0/16   (SharedNAT)
#   container prefix  192.168.1.0/24   (the container network nat, made by hand)
#   VM addresses      the difference set: 192.168.0.0/16 without 192.168.1.0/24
#
# Runs on the embedded `state` backend:  netnat --store "$(mktemp -d)/state.toml" run examples/blog-shared-nat-containers-first.ps1
# The blog's prose step is a netnat command here (Set-DockerDaemon); its `Remove-*` lines prompt
# on Windows, so this script answers with -Confirm:$false / -Force.

# Where the post starts: the Containers feature, docker running with its default nat network
Install-WindowsFeature Containers | Out-Null
Start-Service docker

# PS C:\> Stop-Service docker
Stop-Service docker
# PS C:\> Get-ContainerNetwork | Remove-ContainerNetwork -force
Get-ContainerNetwork | Remove-ContainerNetwork -force
# PS C:\> Get-NetNat | Remove-NetNat   (nothing left to remove: the network took its NAT along)
Get-NetNat | Remove-NetNat -Confirm:$false
# - Edit the arguments passed to the docker daemon (dockerd) by adding -b "none"
Set-DockerDaemon -AddArgument '-b "none"'
# PS C:\> New-ContainerNetwork –name nat –Mode NAT –subnetprefix <container prefix>
New-ContainerNetwork –name nat –Mode NAT –subnetprefix 192.168.1.0/24 | Out-Null
# PS C:\> Get-Netnat | Remove-NetNAT   (the NAT goes, the nat switch stays)
Get-Netnat | Remove-NetNAT -Confirm:$false
# PS C:\> New-NetNat -Name SharedNAT -InternalIPInterfaceAddressPrefix <shared prefix>
New-NetNat -Name SharedNAT -InternalIPInterfaceAddressPrefix 192.168.0.0/16 | Out-Null
# PS C:\> New-VirtualSwitch -Type internal   (attach VMs to this new vSwitch)
New-VirtualSwitch -Type internal | Out-Null
New-NetIPAddress -IPAddress 192.168.0.1 -PrefixLength 16 -InterfaceAlias "vEthernet (Internal)" | Out-Null
Add-VMNetworkAdapter -VMName web1 -SwitchName Internal
# PS C:\> Start-Service docker   (with -b "none" docker keeps the nat network as it is)
Start-Service docker

# Docker/HNS assigns container addresses from the container prefix; VMs get the difference set
Add-ContainerNetworkEndpoint -ContainerName web -NetworkName nat
Add-VMGuestIPAddress -VMName web1 -IPAddress 192.168.0.10

Get-VMSwitch
Get-NetNat | Format-Table Name, InternalIPInterfaceAddressPrefix
Get-ContainerNetwork | Format-List Name, SubnetPrefix, Gateways, Endpoints
Test-NetNat
