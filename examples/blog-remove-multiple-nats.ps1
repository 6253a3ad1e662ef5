# "Removing Multiple NATs" from Microsoft's WinNAT post (2016-05-25). TP5 could leave several
# NAT networks (and switches named nat) behind; the post deletes every switch named nat through
# the Hyper-V switch registry, removes the NATs and the container networks, then restarts.
#
# Runs on the embedded `state` backend:  netnat --yes --store "$(mktemp -d)/state.toml" run examples/blog-remove-multiple-nats.ps1
# (--yes answers the prompt of Remove-ContainerNetwork, as an admin would on Windows.)

# The bug's aftermath: docker's nat network and a second switch named nat
Install-WindowsFeature Containers | Out-Null
Start-Service docker
New-VMSwitch -SwitchName nat -SwitchType Internal | Out-Null
Test-NetNat | Format-Table Check, Problem

# The post's script, as it is
$KeyPath = "HKLM:\SYSTEM\CurrentControlSet\Services\vmsmp\parameters\SwitchList"
$keys = get-childitem $KeyPath
foreach($key in $keys)
{
if ($key.GetValue("FriendlyName") -eq 'nat')
{
$newKeyPath = $KeyPath+"\"+$key.PSChildName
Remove-Item -Path $newKeyPath -Recurse
}
}
remove-netnat -Confirm:$false
Get-ContainerNetwork | Remove-ContainerNetwork

# "Restart the Computer": docker (Automatic) starts and creates one fresh nat network
Restart-Computer
Get-VMSwitch
Get-ContainerNetwork | Format-Table Name, SubnetPrefix
