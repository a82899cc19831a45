using Linze.BizEnv.Web.Domain;
using Linze.BizEnv.Web.Notifications;

namespace Linze.BizEnv.UnitTests.Notifications;

/// <summary>What an Admin may save as a unit's robot address (the attack pass saved credentials, line breaks and the metadata address).</summary>
public class RobotAddressTests
{
    [Theory]
    [InlineData("https://oapi.dingtalk.com/robot/send?access_token=abc")]
    [InlineData("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc")]
    [InlineData("http://10.20.1.5:8080/robot/send?access_token=abc")] // a 政务 edition on the county's network
    [InlineData("http://127.0.0.1:9000/relay")] // a relay on the same host
    public void RobotAddressesOnTheInternetOrTheCountysNetworkAreKept(string address) =>
        Assert.Equal(address, RobotAddress.Check("  " + address + " ", "钉钉机器人地址"));

    [Theory]
    [InlineData("ftp://oapi.dingtalk.com/robot", "须是以 https:// 或 http:// 开头")]
    [InlineData("javascript:alert(1)", "须是以 https:// 或 http:// 开头")]
    [InlineData("https://oapi.dingtalk.com/robot\r\nX-Inj: 1", "不含空格和换行")]
    [InlineData("https://oapi.ding talk.com/robot", "不含空格和换行")]
    [InlineData("https://user:pass@oapi.dingtalk.com/robot/send", "不能含有用户名或密码")]
    [InlineData("http://169.254.169.254/latest/meta-data", "本机保留地址")]
    [InlineData("http://[fe80::1]/robot", "本机保留地址")]
    [InlineData("http://0.0.0.0/robot", "本机保留地址")]
    public void WhatIsNoRobotAddressIsRefusedSayingWhy(string address, string message)
    {
        var refused = Assert.Throws<RefusedException>(() => RobotAddress.Check(address, "钉钉机器人地址"));
        Assert.Contains(message, refused.Message, StringComparison.Ordinal);
    }
}
