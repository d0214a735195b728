"""resnet_lessons.transfer: freezing, layer-wise learning rates, features, safe loading, pretrained weights offline."""
import os
import pickle
import time

import pytest
import torch
from helpers import CJK
from torch import nn

from resnet_lessons import transfer
from resnet_lessons.models import cifar_resnet, count_parameters, resnet18, resnet50

pytestmark = pytest.mark.usefixtures("one_thread")


def small():
    torch.manual_seed(0)
    return cifar_resnet(8, dim=1, in_channels=1, num_classes=5, width=4)


def bns(model):
    return [m for m in model.modules() if isinstance(m, nn.BatchNorm1d)]


# --- freezing ------------------------------------------------------------------------------------------

def test_freeze_backbone_leaves_only_the_head_and_freezes_bn_statistics():
    model = transfer.freeze_backbone(cifar_resnet(20))
    assert transfer.trainable_parameters(model) == 650 == count_parameters(model.fc)
    assert [n for n, p in model.named_parameters() if p.requires_grad] == ["fc.weight", "fc.bias"]
    assert all(not m.training for m in model.modules() if isinstance(m, nn.BatchNorm2d))
    rows = {row["name"]: row for row in transfer.parameter_table(model)}
    assert rows["fc"]["trainable"] == 650 and rows["layer3"]["trainable"] == 0
    assert sum(row["params"] for row in rows.values()) == count_parameters(model)


def test_set_train_mode_keeps_frozen_bn_in_eval_and_statistics_fixed():
    model = transfer.freeze_backbone(small())
    model.train()  # what a plain training loop does: every BN back in train mode
    assert all(m.training for m in bns(model))
    transfer.set_train_mode(model)
    assert model.training and model.fc.training and all(not m.training for m in bns(model))
    before = {k: v.clone() for k, v in model.state_dict().items()}
    model(torch.randn(8, 1, 40)).sum().backward()
    assert all(torch.equal(before[k], v) for k, v in model.state_dict().items())
    fine = transfer.set_train_mode(small())  # nothing frozen: ordinary train mode
    assert all(m.training for m in bns(fine))


def test_freeze_and_unfreeze_and_bad_arguments():
    model = small()
    transfer.freeze(model.layer1)
    assert transfer.trainable_parameters(model) == count_parameters(model) - count_parameters(model.layer1)
    transfer.unfreeze(model)
    assert transfer.trainable_parameters(model) == count_parameters(model)
    with pytest.raises(TypeError, match="module") as info:
        transfer.freeze("model")
    assert CJK.search(str(info.value))
    with pytest.raises(ValueError, match="head"):
        transfer.freeze_backbone(model, head="classifier")
    with pytest.raises(TypeError, match="head"):
        transfer.freeze_backbone(model, head=3)


# --- layer-wise learning rates ---------------------------------------------------------------------------

def test_parameter_groups_cover_every_parameter_once_in_order():
    for model, names in ((small(), ["stem", "layer1", "layer2", "layer3", "fc"]),
                         (cifar_resnet(8, preact=True), ["stem", "layer1", "layer2", "layer3", "fc"])):
        groups = transfer.parameter_groups(model)
        assert [name for name, _ in groups] == names
        ids = [id(p) for _, params in groups for p in params]
        assert len(ids) == len(set(ids)) == len(list(model.parameters()))
    with torch.device("meta"):
        big = resnet18()
    assert [n for n, _ in transfer.parameter_groups(big)] == ["stem", "layer1", "layer2", "layer3", "layer4", "fc"]


def test_layerwise_rates_decay_toward_the_input_and_skip_frozen_parameters():
    model = small()
    groups = transfer.layerwise_param_groups(model, lr=0.1, decay=0.5)
    rates = {g["name"]: g["lr"] for g in groups}
    assert rates == pytest.approx({"fc": 0.1, "layer3": 0.05, "layer2": 0.025, "layer1": 0.0125, "stem": 0.00625})
    optimizer = torch.optim.SGD(groups, momentum=0.9)  # a real optimizer accepts them, names and all
    assert [g["name"] for g in optimizer.param_groups] == ["stem", "layer1", "layer2", "layer3", "fc"]
    transfer.freeze(model.conv1)
    transfer.freeze(model.bn1)
    assert [g["name"] for g in transfer.layerwise_param_groups(model, 0.1)][0] == "layer1"


@pytest.mark.parametrize("kwargs, exc", [({"lr": 0}, ValueError), ({"lr": "0.1"}, TypeError),
                                         ({"lr": 0.1, "decay": 1.5}, ValueError),
                                         ({"lr": float("nan")}, ValueError)])
def test_layerwise_bad_arguments(kwargs, exc):
    arg = "decay" if "decay" in kwargs else "lr"
    with pytest.raises(exc, match=arg) as info:
        transfer.layerwise_param_groups(small(), **kwargs)
    assert CJK.search(str(info.value))


# --- features --------------------------------------------------------------------------------------------

def test_multiscale_shapes_of_resnet50_have_strides_4_to_32():
    with torch.device("meta"):
        model = resnet50()
    rows = transfer.multiscale_shapes(model)
    assert [r["name"] for r in rows] == ["c2", "c3", "c4", "c5"]
    assert [r["stride"] for r in rows] == [4, 8, 16, 32]
    assert [r["channels"] for r in rows] == [256, 512, 1024, 2048]
    assert rows[-1]["shape"] == (1, 2048, 7, 7)


def test_feature_extractor_on_a_1d_net_and_bad_stages():
    model = small()
    rows = transfer.multiscale_shapes(model, (2, 1, 40))
    assert [(r["stage"], r["shape"], r["stride"]) for r in rows] == [
        ("layer1", (2, 4, 40), 1), ("layer2", (2, 8, 20), 2), ("layer3", (2, 16, 10), 4)]
    out = transfer.feature_extractor(model, ["layer2"])(torch.randn(3, 1, 40))
    assert list(out) == ["c3"] and out["c3"].shape == (3, 8, 20)
    for bad in (["layer4"], "layer1", []):
        with pytest.raises(ValueError, match="stages"):
            transfer.feature_extractor(model, bad)


def test_extract_features_are_the_pooled_inputs_of_fc_and_leave_no_hooks():
    model = small().train()
    x = torch.randn(7, 1, 40)
    features = transfer.extract_features(model, x, batch_size=3)
    assert features.shape == (7, 16)
    model.eval()
    with torch.no_grad():
        torch.testing.assert_close(model.fc(features), model(x))
    assert len(model.fc._forward_pre_hooks) == 0
    with pytest.raises(TypeError, match="x"):
        transfer.extract_features(model, [1, 2])


# --- saving and loading ------------------------------------------------------------------------------------

def test_save_and_load_weights_round_trip(tmp_path):
    model, other = small(), cifar_resnet(8, dim=1, in_channels=1, num_classes=5, width=4)
    path = transfer.save_weights(model, tmp_path / "w.pt")
    result = transfer.load_weights(other, path)
    assert not result.missing_keys and not result.unexpected_keys
    x = torch.randn(4, 1, 40)
    torch.testing.assert_close(model.eval()(x), other.eval()(x))
    torch.save({"epoch": 3, "state_dict": model.state_dict()}, tmp_path / "ckpt.pt")  # a training checkpoint
    transfer.load_weights(other, tmp_path / "ckpt.pt")


class Hostile:
    """Unpickling this object calls os.system: what a malicious checkpoint does."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_a_hostile_pickle_is_refused_and_its_code_never_runs(tmp_path):
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.pt"
    torch.save({"fc.weight": Hostile(marker)}, path)
    with pytest.raises(ValueError, match="weights_only") as info:
        transfer.load_weights(small(), path)
    assert CJK.search(str(info.value)) and "system" in str(info.value)
    assert isinstance(info.value.__cause__, pickle.UnpicklingError)
    assert not marker.exists()


def test_load_weights_bad_input(tmp_path):
    with pytest.raises(FileNotFoundError, match="no weights file"):
        transfer.load_weights(small(), tmp_path / "missing.pt")
    torch.save([1, 2, 3], tmp_path / "list.pt")
    with pytest.raises(ValueError, match="state_dict"):
        transfer.load_weights(small(), tmp_path / "list.pt")
    with pytest.raises(TypeError, match="path"):
        transfer.load_weights(small(), 42)
    with pytest.raises(TypeError, match="strict"):
        transfer.load_weights(small(), tmp_path / "list.pt", strict="yes")


# --- torchvision's pretrained weights, offline ----------------------------------------------------------

def test_weights_metadata_is_read_offline():
    info = transfer.weights_info("resnet50")
    assert info["weights"] == "ResNet50_Weights.IMAGENET1K_V2"
    assert info["acc@1"] == 80.858 and info["num_params"] == 25_557_032 == count_parameters(resnet50())
    assert info["num_categories"] == 1000 and info["categories"][0] == "tench"
    assert "crop_size=[224]" in info["transforms"] and info["file"].endswith(".pth")
    assert transfer.weights_info("resnet18", "IMAGENET1K_V1")["acc@1"] == 69.758
    with pytest.raises(ValueError, match="name"):
        transfer.weights_enum("resnet99")
    with pytest.raises(ValueError, match="weights"):
        transfer.weights_enum("resnet50", "IMAGENET1K_V9")


def test_load_pretrained_fails_fast_offline(tmp_path, monkeypatch):
    monkeypatch.setattr(torch.hub, "get_dir", lambda: str(tmp_path))
    started = time.perf_counter()
    with pytest.raises(transfer.WeightsNotAvailable) as info:
        transfer.load_pretrained("resnet18")
    assert time.perf_counter() - started < 5
    assert str(tmp_path) in str(info.value) and CJK.search(str(info.value))
    # download=True: the test suite blocks the network, so the download fails at once and is reported
    with pytest.raises(transfer.WeightsNotAvailable, match="download"):
        transfer.load_pretrained("resnet18", download=True, timeout=2)
    with pytest.raises(TypeError, match="download"):
        transfer.load_pretrained("resnet18", download="yes")


def test_load_pretrained_uses_the_hub_cache_file(tmp_path, monkeypatch):
    monkeypatch.setattr(torch.hub, "get_dir", lambda: str(tmp_path))
    path = transfer.hub_checkpoint_path("resnet18")
    assert path.parent == tmp_path / "checkpoints"
    torch.manual_seed(1)
    source = resnet18()
    transfer.save_weights(source, path)  # stands in for the downloaded file
    model = transfer.load_pretrained("resnet18")
    assert all(torch.equal(a, b) for a, b in zip(source.state_dict().values(), model.state_dict().values()))
