# verify-baseline.jq: the checks of `dualstack verify`, written the way an operator would in jq.
# It is the benchmark's baseline (scripts/verify-bench.sh), not a supported tool.
#
# Usage, one dump file at a time (expected.json is written by `dualstack gen-dump`: the Plan's
# families, node addresses, subnets, pools, VIPs), or `--arg file kubectl` on the List of several
# kinds that `kubectl get nodes,pods,services,endpointslices -A -o json` prints:
#   jq -r --slurpfile plan DIR/expected.json --arg file pods.json \
#      -f scripts/verify-baseline.jq DIR/pods.json
# Prints one line per finding: CHECK<TAB>KIND<TAB>NAMESPACE/NAME<TAB>MESSAGE.

def plan: $plan[0];

def fam: if contains(":") then "IPv6" else "IPv4" end;

def hexval: explode | reduce .[] as $c (0;
  . * 16 + (if $c >= 97 then $c - 87 elif $c >= 65 then $c - 55 else $c - 48 end));

# "fd00::1" -> [64768,0,0,0,0,0,0,1]
def v6groups:
  split("::") as $p
  | if ($p | length) == 2 then
      ($p[0] | if . == "" then [] else split(":") end) as $l
      | ($p[1] | if . == "" then [] else split(":") end) as $r
      | $l + [range(8 - ($l | length) - ($r | length)) | "0"] + $r
    else $p[0] | split(":") end
  | map(hexval);

def v4num: split(".") | map(tonumber) | .[0] * 16777216 + .[1] * 65536 + .[2] * 256 + .[3];

# Is the address `.` inside CIDR `$cidr`? (jq has no bit operations: compare quotients.)
def in_cidr($cidr):
  . as $ip
  | ($cidr | split("/")) as $parts
  | ($parts[1] | tonumber) as $len
  | if ($ip | fam) != ($parts[0] | fam) then false
    elif ($ip | fam) == "IPv4" then
      ((($ip | v4num) / pow(2; 32 - $len)) | floor) == ((($parts[0] | v4num) / pow(2; 32 - $len)) | floor)
    else
      ($ip | v6groups) as $a | ($parts[0] | v6groups) as $b | ($len / 16 | floor) as $full
      | all(range(0; $full); $a[.] == $b[.])
        and (($len % 16) == 0
             or ((($a[$full] / pow(2; 16 - $len % 16)) | floor) == (($b[$full] / pow(2; 16 - $len % 16)) | floor)))
    end;

def objname: if (.metadata.namespace // "") == "" then .metadata.name else "\(.metadata.namespace)/\(.metadata.name)" end;

def finding($check; $kind; $obj; $message): "\($check)\t\($kind)\t\($obj | objname)\t\($message)";

def check_nodes:
  (.items[] as $n
   | plan.nodes[$n.metadata.name] as $planned
   | [$n.status.addresses[]? | select(.type == "InternalIP") | .address] as $ips
   | ($n.spec.podCIDRs // (if $n.spec.podCIDR then [$n.spec.podCIDR] else [] end)) as $cidrs
   | (if $planned == null then finding("node-known"; "Node"; $n; "not in the Plan")
      elif ($ips | sort) != ($planned | sort) then finding("node-internal-ip"; "Node"; $n; "InternalIPs \($ips), planned \($planned)")
      else empty end),
     (if ($cidrs | length) != (plan.families | length)
         or ([range(0; $cidrs | length) as $i
              | ($cidrs[$i] | split("/")) as $c
              | ($c[0] | fam) == plan.families[$i]
                and ($c[0] | in_cidr(plan.networks[plan.families[$i]].pod_subnet))
                and ($c[1] | tonumber) == plan.networks[plan.families[$i]].node_mask] | all | not)
      then finding("node-pod-cidrs"; "Node"; $n; "podCIDRs \($cidrs)") else empty end)),
  (((plan.nodes | keys) - [.items[].metadata.name])[] | "node-known\tNode\t\(.)\tplanned node missing");

def check_pods:
  [.items[] | select(((.status.podIPs // []) | length) > 0 or (.status.podIP // "") != "")] as $pods
  | ($pods[] as $p
     | [$p.status.podIPs[]?.ip] as $ips
     | (if ($ips | length) == 0 or $p.status.podIP != $ips[0]
        then finding("pod-ip-primary"; "Pod"; $p; "podIP \($p.status.podIP) is not podIPs[0]") else empty end),
       (if $p.spec.hostNetwork == true then
          (plan.nodes[$p.spec.nodeName] // []) as $node
          | if ($ips | all(. as $ip | $node | index($ip))) then empty
            else finding("pod-host-network"; "Pod"; $p; "IPs \($ips) are not node \($p.spec.nodeName)'s") end
        else
          (if ($ips | map(fam)) != plan.families then finding("pod-ip-families"; "Pod"; $p; "podIPs \($ips)") else empty end),
          (if ($ips | all(. as $ip | ($ip | fam) as $f
                          | plan.networks[$f] == null or ($ip | in_cidr(plan.networks[$f].pool.cidr))))
           then empty else finding("pod-ip-pool"; "Pod"; $p; "podIPs \($ips) outside the pool") end)
        end)),
    ([$pods[] | select(.spec.hostNetwork != true and .status.phase != "Succeeded" and .status.phase != "Failed")
      | objname as $name | .status.podIPs[]?.ip | [., $name]]
     | group_by(.[0]) | map(select(length > 1) | .[1:][] | .[1]) | unique[]
     | "pod-ip-unique\tPod\t\(.)\tIP used by another pod");

def check_services:
  (.items[] as $s | $s.spec as $sp
   | ($sp.clusterIPs // []) as $ips | ($sp.ipFamilies // []) as $fams | ($sp.ipFamilyPolicy // "SingleStack") as $pol
   | (if $sp.type == "ExternalName" then
        (if ($ips | length) > 0 or ($fams | length) > 0 then finding("service-ip-families"; "Service"; $s; "ExternalName with IPs") else empty end)
      else
        (if ($pol == "SingleStack" and ($fams | length) != 1)
            or ($pol == "RequireDualStack" and ($fams | length) != 2)
            or ($pol == "PreferDualStack" and ($fams | length) != (plan.families | length))
            or ($fams | any(. as $f | plan.families | index($f) | not))
            or (if $sp.clusterIP == "None" then $ips != ["None"]
                else ($ips | map(fam)) != $fams or $sp.clusterIP != $ips[0] end)
         then finding("service-ip-families"; "Service"; $s; "\($pol) \($fams) \($ips)") else empty end),
        (if $sp.clusterIP != "None"
            and ($ips | any(. as $ip | ($ip | fam) as $f
                            | plan.networks[$f] != null and ($ip | in_cidr(plan.networks[$f].service_subnet) | not)))
         then finding("service-cluster-ip-range"; "Service"; $s; "clusterIPs \($ips)") else empty end)
      end),
     (if ($s | objname) == "default/kubernetes"
         and (($ips | length) == 0 or ($ips[0] | fam) != plan.families[0]
              or ($ips | any(. != plan.networks[fam].kubernetes_ip)))
      then finding("service-kubernetes-ip"; "Service"; $s; "clusterIPs \($ips)") else empty end),
     (if ($s | objname) == "kube-system/kube-dns"
         and (($ips | length) != (plan.families | length) or ($ips[0] | fam) != plan.families[0]
              or ($ips | any(. != plan.networks[fam].dns_ip)))
      then finding("service-dns-ip"; "Service"; $s; "clusterIPs \($ips)") else empty end),
     (if $sp.type == "LoadBalancer" then
        ([$s.status.loadBalancer.ingress[]?.ip // empty]) as $lb
        | if ($fams | any(. as $f | plan.networks[$f] != null and ($lb | map(fam) | index($f) | not)))
             or ($lb | any(. as $ip | plan.networks[$ip | fam] == null
                               or (plan.networks[$ip | fam].loadbalancer_pool as $pool
                                   | $pool != null and ($ip | in_cidr($pool) | not))))
          then finding("service-loadbalancer-ips"; "Service"; $s; "ingress \($lb)") else empty end
      else empty end)),
  (if any(.items[]; objname == "default/kubernetes") then empty
   else "service-kubernetes-ip\tService\tdefault/kubernetes\tmissing" end),
  (if any(.items[]; objname == "kube-system/kube-dns") then empty
   else "service-dns-ip\tService\tkube-system/kube-dns\tmissing" end);

def check_endpointslices:
  .items[] as $e
  | select($e.addressType != "FQDN")
  | if (plan.families | index($e.addressType)) == null
       or ([$e.endpoints[]?.addresses[]] | any(fam != $e.addressType))
    then finding("endpointslice-address-type"; "EndpointSlice"; $e; "addressType \($e.addressType)") else empty end;

def check_ippools:
  [.items[] | select(.spec.disabled != true)] as $pools
  | plan.families[] as $f | plan.networks[$f].pool as $want
  | ([$pools[] | select(.spec.cidr == $want.cidr)][0]) as $p
  | if $p == null then
      "calico-ippool-present\tIPPool\t\([$pools[] | select((.spec.cidr | fam) == $f)][0].metadata.name // "")\tno \($f) pool \($want.cidr)"
    elif ($p.spec.blockSize // (if $f == "IPv4" then 26 else 122 end)) != $want.blockSize
         or ($p.spec.ipipMode // "Never") != $want.ipipMode or ($p.spec.vxlanMode // "Never") != $want.vxlanMode
         or ($p.spec.natOutgoing // false) != $want.natOutgoing
    then finding("calico-ippool-settings"; "IPPool"; $p; "settings differ") else empty end;

def check_daemonsets:
  [.items[] | select(.metadata.name == "calico-node")] as $ds
  | if ($ds | length) == 0 then "calico-node-env\tDaemonSet\tcalico-node\tmissing"
    else $ds[0] as $d
      | ([$d.spec.template.spec.containers[] | select(.name == "calico-node") | .env[]? | {(.name): (.value // "")}] | add // {}) as $env
      | (if (plan.families | index("IPv6")) then
           $env.IP6 == "autodetect" and $env.FELIX_IPV6SUPPORT == "true"
           and ($env.IP6_AUTODETECTION_METHOD // plan.networks.IPv6.pool.autodetection) == plan.networks.IPv6.pool.autodetection
         else true end) as $ok6
      | (if (plan.families | index("IPv4")) then
           ($env.IP // "autodetect") == "autodetect"
           and ($env.IP_AUTODETECTION_METHOD // plan.networks.IPv4.pool.autodetection) == plan.networks.IPv4.pool.autodetection
         else $env.IP == "none" end) as $ok4
      | if $ok4 and $ok6 then empty else finding("calico-node-env"; "DaemonSet"; $d; "env \($env)") end
    end;

def check_installations:
  if plan.install_mode != "operator" then empty
  else ([.items[] | select(.metadata.name == "default")][0]) as $i
    | if $i == null then "calico-installation\tInstallation\tdefault\tmissing"
      else plan.families[] as $f | plan.networks[$f].pool as $want
        | ([$i.spec.calicoNetwork.ipPools[]? | select(.cidr == $want.cidr)][0]) as $p
        | if $p == null
             or ($p.blockSize // (if $f == "IPv4" then 26 else 122 end)) != $want.blockSize
             or ($p.encapsulation // (if $f == "IPv4" then "IPIP" else "None" end)) != $want.encapsulation
             or ($p.natOutgoing // "Enabled") != (if $want.natOutgoing then "Enabled" else "Disabled" end)
             or (($i.spec.calicoNetwork["nodeAddressAutodetection" + (if $f == "IPv4" then "V4" else "V6" end)] // {}) | length) == 0
          then "calico-installation\tInstallation\tdefault\t\($f) pool differs" else empty end
      end
  end;

def check_bgppeers:
  [.items[]] as $peers
  | plan.families[] as $f | plan.networks[$f].vip as $vip
  | if ($peers | any(.spec.peerIP == $vip and .spec.asNumber == plan.gateway_as)) then empty
    else "calico-bgp-peer\tBGPPeer\t\((([$peers[] | select(.spec.peerIP == $vip)][0]) // ([$peers[] | select((.spec.peerIP // "") | fam == $f)][0])) | .metadata.name // "")\tno peer to \($vip)"
    end;

def joined($key): [plan.families[] | plan.networks[.][$key]] | join(",");
def yaml_value($text; $key): [$text | capture($key + ": *(?<v>[^\\n]*)")][0].v // "" | gsub("[\" ]"; "");

def check_configmaps:
  ([.items[] | select(objname == "kube-system/kubeadm-config")][0]) as $k
  | ([.items[] | select(objname == "kube-system/kube-proxy")][0]) as $p
  | (if $k == null then "kubeadm-config-networking\tConfigMap\tkube-system/kubeadm-config\tmissing"
     else ($k.data.ClusterConfiguration // "") as $y
       | (if yaml_value($y; "podSubnet") != joined("pod_subnet")
          then finding("kubeadm-config-networking"; "ConfigMap"; $k; "podSubnet") else empty end),
         (if yaml_value($y; "serviceSubnet") != joined("service_subnet")
          then finding("kubeadm-config-networking"; "ConfigMap"; $k; "serviceSubnet") else empty end)
     end),
    (if $p == null then "kube-proxy-cluster-cidr\tConfigMap\tkube-system/kube-proxy\tmissing"
     elif yaml_value($p.data["config.conf"] // ""; "clusterCIDR") != joined("pod_subnet")
     then finding("kube-proxy-cluster-cidr"; "ConfigMap"; $p; "clusterCIDR") else empty end);

# `kubectl get nodes,pods,services,endpointslices -A -o json | jq ... --arg file kubectl`: one List
# of every kind, each kind checked as if it were its own file.
def by_kind($kind): {items: [.items[] | select(.kind == $kind)]};

if $file == "kubectl" then
  (by_kind("Node") | check_nodes), (by_kind("Pod") | check_pods),
  (by_kind("Service") | check_services), (by_kind("EndpointSlice") | check_endpointslices)
elif $file == "nodes.json" then check_nodes
elif $file == "pods.json" then check_pods
elif $file == "services.json" then check_services
elif $file == "endpointslices.json" then check_endpointslices
elif $file == "ippools.json" then check_ippools
elif $file == "daemonsets.json" then check_daemonsets
elif $file == "installations.json" then check_installations
elif $file == "bgppeers.json" then check_bgppeers
elif $file == "configmaps.json" then check_configmaps
else error("unknown dump file \($file)") end
