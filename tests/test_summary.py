"""Tests of resnet_lessons.summary: shape traces, stage tables and model summaries."""
import pytest
import torch
import torchvision
from torch import nn

from resnet_lessons.models import cifar_resnet, count_parameters, resnet18, resnet50
from resnet_lessons.summary import model_summary, shape_trace, stage_table

pytestmark = pytest.mark.usefixtures("one_thread_for_module")


def _hooks(model):
    return sum(len(m._forward_hooks) + len(m._forward_pre_hooks) for m in model.modules())


def test_shape_trace_resnet50():
    model = resnet50()
    rows = shape_trace(model)
    assert [r["name"] for r in rows] == ["input", "conv1", "bn1", "relu", "maxpool",
                                         "layer1", "layer2", "layer3", "layer4", "avgpool", "fc"]
    assert rows[0]["output_shape"] == (1, 3, 224, 224)
    assert rows[1]["output_shape"] == (1, 64, 112, 112)
    assert rows[4]["output_shape"] == (1, 64, 56, 56)
    assert rows[8]["output_shape"] == (1, 2048, 7, 7)
    assert rows[-1] == {"name": "fc", "type": "Linear", "output_shape": (1, 1000), "params": 2048 * 1000 + 1000}
    assert sum(r["params"] for r in rows) == count_parameters(model)
    assert _hooks(model) == 0
    assert all(set(r) == {"name", "type", "output_shape", "params"} for r in rows)


def test_shape_trace_depth2_opens_stages_into_blocks():
    model = cifar_resnet(20)
    rows = shape_trace(model, (1, 3, 32, 32), depth=2)
    names = [r["name"] for r in rows]
    assert names[:3] == ["input", "conv1", "bn1"]
    assert [n for n in names if n.startswith("layer")] == [f"layer{s}.{i}" for s in (1, 2, 3) for i in range(3)]
    shapes = {r["name"]: r["output_shape"] for r in rows}
    assert shapes["layer1.2"] == (1, 16, 32, 32)
    assert shapes["layer2.0"] == (1, 32, 16, 16)
    assert shapes["layer3.2"] == (1, 64, 8, 8)
    assert rows[-1]["output_shape"] == (1, 10)
    assert sum(r["params"] for r in rows) == count_parameters(model)


def test_shape_trace_1d_and_restores_state():
    model = cifar_resnet(8, dim=1, in_channels=1)
    model.train()
    before = {k: v.clone() for k, v in model.state_dict().items()}
    rows = shape_trace(model, (2, 1, 40))
    assert rows[-1]["output_shape"] == (2, 10)
    assert {r["name"]: r["output_shape"] for r in rows}["layer3"] == (2, 64, 10)
    assert model.training  # mode restored
    assert all(torch.equal(before[k], v) for k, v in model.state_dict().items())  # BN statistics untouched
    assert _hooks(model) == 0


def test_shape_trace_removes_hooks_when_forward_fails():
    model = resnet18()
    with pytest.raises(ValueError, match=r"expected input of shape \(N, 3, H, W\)"):
        shape_trace(model, (1, 1, 32, 32))
    assert _hooks(model) == 0


def test_shape_trace_repeated_module_gives_one_row_per_call():
    model = nn.Sequential(nn.Linear(4, 4))
    relu = nn.ReLU()
    model.append(relu)
    model.append(nn.Linear(4, 2))
    model.append(relu)
    rows = shape_trace(model, (3, 4))
    assert [r["name"] for r in rows] == ["input", "0", "1", "2", "1"]  # the shared ReLU is "1" both times
    assert [r["output_shape"] for r in rows][-1] == (3, 2)


@pytest.mark.parametrize("kwargs, exc, match", [
    ({"model": "resnet50"}, TypeError, "model must be a torch.nn.Module"),
    ({"input_shape": (1, 3, 0, 32)}, ValueError, "input_shape"),
    ({"input_shape": "1x3x32x32"}, ValueError, "input_shape"),
    ({"depth": 0}, ValueError, "depth"),
    ({"depth": 1.5}, TypeError, "depth"),
])
def test_shape_trace_rejects_bad_arguments(kwargs, exc, match):
    args = {"model": cifar_resnet(8), "input_shape": (1, 3, 16, 16), "depth": 1, **kwargs}
    with pytest.raises(exc, match=match) as info:
        shape_trace(args["model"], args["input_shape"], depth=args["depth"])
    assert " / " in str(info.value)


def test_stage_table_imagenet():
    rows = stage_table(resnet50())
    assert [r["stage"] for r in rows] == ["layer1", "layer2", "layer3", "layer4"]
    assert [r["blocks"] for r in rows] == [3, 4, 6, 3]
    assert [r["out_channels"] for r in rows] == [256, 512, 1024, 2048]
    assert [r["stride"] for r in rows] == [1, 2, 2, 2]
    assert {r["block_type"] for r in rows} == {"Bottleneck"}
    model = resnet50()
    assert [r["params"] for r in rows] == [count_parameters(getattr(model, f"layer{i}")) for i in range(1, 5)]
    # works on torchvision's own model too
    assert [r["out_channels"] for r in stage_table(torchvision.models.resnet18())] == [64, 128, 256, 512]


def test_stage_table_cifar():
    rows = stage_table(cifar_resnet(56, width=16))
    assert [(r["stage"], r["blocks"], r["out_channels"], r["stride"]) for r in rows] == [
        ("layer1", 9, 16, 1), ("layer2", 9, 32, 2), ("layer3", 9, 64, 2)]
    assert {r["block_type"] for r in rows} == {"BasicBlock"}
    assert stage_table(cifar_resnet(8, preact=True))[0]["block_type"] == "PreActBasicBlock"
    with pytest.raises(ValueError, match="layer1"):
        stage_table(nn.Linear(2, 2))
    with pytest.raises(TypeError, match="model"):
        stage_table(None)


def test_model_summary():
    summary = model_summary(resnet18())
    assert summary == {"total_params": 11_689_512, "trainable_params": 11_689_512,
                       "size_mb": pytest.approx(11_689_512 * 4 / 1e6), "blocks": 8}
    model = cifar_resnet(20)
    for p in model.fc.parameters():
        p.requires_grad_(False)
    summary = model_summary(model)
    assert summary["total_params"] == 269_722
    assert summary["trainable_params"] == 269_722 - 650
    assert summary["blocks"] == 9
    assert model_summary(nn.Linear(3, 2))["blocks"] == 0
    with pytest.raises(TypeError, match="model"):
        model_summary([1, 2])
