using Linze.BizEnv.Web.Domain.Notifications;
using Linze.BizEnv.Web.Notifications;

namespace Linze.BizEnv.UnitTests.Notifications;

/// <summary>What people wrote reaches a 钉钉 or 企业微信 group as text, never as markdown (the attack pass sent a live phishing link).</summary>
public class RobotMarkdownTests
{
    private static string Markdown(string body) =>
        RobotChannel.Markdown(new OutgoingMessage(NotificationKind.Urge, "问题 1-1 被催办", body, "http://yshj.linze.example/problems/1", []));

    [Fact]
    public void LinksImagesHeadingsQuotesAndHtmlInA催办AreShownAsWritten()
    {
        var markdown = Markdown("周延年催办：<b>粗</b> **加粗** [钓鱼链接](http://evil.example/) ![img](http://evil.example/x.png) @all <font color=red>红</font>\n#### 标题\n> 引用 `code`");
        var body = markdown[..markdown.LastIndexOf("[查看详情]", StringComparison.Ordinal)];

        Assert.DoesNotContain("](", body, StringComparison.Ordinal);
        Assert.DoesNotContain("<", body, StringComparison.Ordinal);
        Assert.DoesNotContain("**", body, StringComparison.Ordinal);
        Assert.DoesNotContain("`", body, StringComparison.Ordinal);
        Assert.DoesNotContain("\n#", body[1..], StringComparison.Ordinal); // only the message's own heading
        Assert.DoesNotContain("\n>", body, StringComparison.Ordinal);
        Assert.Contains("［钓鱼链接］（http://evil.example/）", body, StringComparison.Ordinal);
        Assert.Contains("＜font color=red＞红＜/font＞", body, StringComparison.Ordinal);
    }

    [Fact]
    public void TheMessagesOwnHeadingAndLinkStayMarkdown()
    {
        var markdown = Markdown("请尽快推进整改。");

        Assert.StartsWith("#### 问题 1-1 被催办\n\n请尽快推进整改。", markdown, StringComparison.Ordinal);
        Assert.EndsWith("[查看详情](http://yshj.linze.example/problems/1)", markdown, StringComparison.Ordinal);
    }
}
